package cloud.yuntu.gateway.replicas;

import cloud.yuntu.gateway.push.Subscribers;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Carries out, on this replica, the disconnect orders operators gave at other replicas: every
 * {@link ReplicasConfig#orderPollInterval()} it reads the orders it has not answered yet, closes
 * the user's connections here (4001) and reports how many. Orders placed before it started are
 * not its own: the connections they were about were on other replicas.
 */
@Startup
@ApplicationScoped
public class OrderRelay {

    private static final Logger LOG = Logger.getLogger(OrderRelay.class);
    /**
     * Orders are kept this long: far longer than any live replica takes to read them, and short
     * enough that a replica back from a long pause does not close connections opened since.
     */
    static final Duration ORDERS_KEPT = Duration.ofMinutes(1);

    private final DisconnectOrders orders;
    private final Subscribers subscribers;
    private final String self;
    private final Vertx vertx;
    private final long timer;
    private final long pollsPerTrim;
    private final AtomicBoolean polling = new AtomicBoolean();
    /** The database's time when this replica first looked, null until then. */
    private volatile Instant since;
    private long polls;

    OrderRelay(DisconnectOrders orders, Subscribers subscribers, Replica replica, ReplicasConfig config, Vertx vertx) {
        this.orders = orders;
        this.subscribers = subscribers;
        this.self = replica.view().id();
        this.vertx = vertx;
        long every = config.orderPollInterval().toMillis();
        this.pollsPerTrim = Math.max(1, ORDERS_KEPT.toMillis() / 2 / every);
        this.timer = vertx.setPeriodic(every, ignored -> poll());
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(timer);
    }

    private void poll() {
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        Uni<Instant> start = since != null ? Uni.createFrom().item(since) : orders.now().invoke(now -> since = now);
        start.chain(from -> orders.unanswered(self, from))
                .chain(this::carryOut)
                .chain(() -> ++polls % pollsPerTrim == 0 ? orders.forgetOlderThan(ORDERS_KEPT).replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .subscribe().with(done -> polling.set(false), failure -> {
                    polling.set(false);
                    LOG.warnf("Reading operators' disconnect orders failed (retried in a moment): %s", failure.toString());
                });
    }

    private Uni<Void> carryOut(List<DisconnectOrders.Order> pending) {
        if (pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(pending.stream().map(order -> {
            int closed = subscribers.disconnect(order.userId());
            LOG.infof("Closed %d connection(s) of %s on an operator's order %d given at another replica", closed,
                    order.userId(), order.id());
            return orders.report(order.id(), self, closed);
        }).toList()).andFailFast().replaceWithVoid();
    }
}
