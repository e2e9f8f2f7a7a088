package cloud.yuntu.file.lease;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Leases on rows a request holds while it works (a completion on its upload, a presigned PUT on its
 * URL's claim). The row names its holder ({@link #newHolder()}: this process and a random id) and
 * the instant its lease lapses; while the holder works, the lease is pushed forward every third of
 * its length. A process that dies stops renewing, so within one length of its last renewal another
 * may take the row over, and nobody has to wait for a far expiry. The rows and their conditional
 * updates stay with their tables' writers; this only keeps the renewals going.
 */
@ApplicationScoped
public class Leases {

    private static final Logger LOG = Logger.getLogger(Leases.class);
    /** Which process holds a lease, for whoever reads the row: {@code pid@host}. */
    private static final String INSTANCE = ManagementFactory.getRuntimeMXBean().getName();

    private final ScheduledExecutorService renewals;

    Leases() {
        this(Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("lease-renewal").daemon().factory()));
    }

    /** @param renewals runs the renewals; they block on the database, never on an event loop */
    Leases(ScheduledExecutorService renewals) {
        this.renewals = renewals;
    }

    /** A holder name unique to one piece of work: {@code pid@host/<random uuid>} (at most 255 characters). */
    public static String newHolder() {
        String instance = INSTANCE.length() > 200 ? INSTANCE.substring(0, 200) : INSTANCE;
        return instance + "/" + UUID.randomUUID();
    }

    /**
     * Calls {@code renew} every third of {@code lease} until the answer is closed. {@code renew} pushes
     * the lease forward in the row and answers whether it still held it; once it did not (taken over
     * after it lapsed, or the work ended meanwhile) the renewals stop. A failing renewal is logged and
     * tried again at the next period: the lease lapses only if the database stays away.
     *
     * @param what the work, for the log
     */
    public Renewal keepRenewed(String what, Duration lease, BooleanSupplier renew) {
        long period = Math.max(1, lease.toMillis() / 3);
        Renewal renewal = new Renewal();
        renewal.future = renewals.scheduleWithFixedDelay(() -> {
            try {
                if (!renew.getAsBoolean()) {
                    LOG.warnf("The lease of %s is no longer held; its renewals stop", what);
                    renewal.close();
                }
            } catch (RuntimeException | Error e) {
                LOG.warnf(e, "Cannot renew the lease of %s now; trying again in %d ms", what, period);
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return renewal;
    }

    @PreDestroy
    void stop() {
        renewals.shutdownNow();
    }

    /** Renewals in progress; closing stops them (the lease then lapses by itself unless released). */
    public static final class Renewal implements AutoCloseable {

        private volatile ScheduledFuture<?> future;

        private Renewal() {
        }

        @Override
        public void close() {
            ScheduledFuture<?> running = future;
            if (running != null) {
                running.cancel(false);
            }
        }
    }
}
