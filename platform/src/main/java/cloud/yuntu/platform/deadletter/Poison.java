package cloud.yuntu.platform.deadletter;

import io.vertx.sqlclient.DatabaseException;
import java.time.DateTimeException;
import java.util.Set;

/**
 * Whether a consumer's failure to apply a record is the record's own fault, so that trying again can never
 * succeed and the record goes to the dead letters, or the moment's (the database restarting, a deadlock,
 * a service away), so that the consumer retries and loses nothing. A pure rule; in doubt it says
 * "the moment's": a record wrongly retried holds its partition back until someone looks, a record wrongly
 * given up is out of the flow until someone replays it.
 */
public final class Poison {

    /**
     * SQLSTATE classes in which the database refuses the data itself: 22 data exception (a NUL in a
     * text, a number out of range), 23 integrity constraint violation, 42 syntax error or access rule.
     * Connection (08), resources (53), operator intervention (57) and transaction rollback (40: a
     * deadlock, a serialization failure) are the moment's.
     */
    private static final Set<String> DATA_REFUSED = Set.of("22", "23", "42");
    private static final int CAUSE_DEPTH = 10;

    private Poison() {
    }

    /** @return true when {@code failure}, or what caused it, says the record itself cannot be applied */
    public static boolean is(Throwable failure) {
        Throwable f = failure;
        for (int depth = 0; f != null && depth < CAUSE_DEPTH; depth++, f = f.getCause() == f ? null : f.getCause()) {
            if (f instanceof DatabaseException database) {
                String state = database.getSqlState();
                return state != null && state.length() == 5 && DATA_REFUSED.contains(state.substring(0, 2));
            }
            if (f instanceof IllegalArgumentException || f instanceof NullPointerException
                    || f instanceof ClassCastException || f instanceof IndexOutOfBoundsException
                    || f instanceof ArithmeticException || f instanceof DateTimeException) {
                return true;
            }
        }
        return false;
    }
}
