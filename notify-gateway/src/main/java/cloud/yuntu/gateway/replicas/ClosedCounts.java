package cloud.yuntu.gateway.replicas;

/**
 * Connections the gateway closed since start, by why: 4000 replaced, 1001 silent, 1013 too slow
 * (the dropped slow clients), 1009 too big, 4001 disconnected by an operator.
 */
public record ClosedCounts(long replaced, long silent, long tooSlow, long tooBig, long disconnected) {

    public static final ClosedCounts NONE = new ClosedCounts(0, 0, 0, 0, 0);

    ClosedCounts plus(ClosedCounts other) {
        return new ClosedCounts(replaced + other.replaced, silent + other.silent, tooSlow + other.tooSlow,
                tooBig + other.tooBig, disconnected + other.disconnected);
    }
}
