package cloud.yuntu.file.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The renewals of a lease, without Quarkus: every third of the lease while held, none after. */
class LeasesTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final Leases leases = new Leases(executor);

    @AfterEach
    void stop() {
        leases.stop();
    }

    @Test
    void aLeaseIsRenewedEveryThirdOfItsLengthUntilClosed() throws InterruptedException {
        AtomicInteger renewals = new AtomicInteger();
        long started = System.nanoTime();
        try (Leases.Renewal renewal = leases.keepRenewed("work", Duration.ofMillis(300), () -> {
            renewals.incrementAndGet();
            return true;
        })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> renewals.get() >= 4);
        }
        // Four renewals a third of the lease apart: never fewer than 100 ms between two of them.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        int atClose = renewals.get();
        Thread.sleep(500);
        // One renewal may have been running as it closed; none start after.
        assertThat(renewals.get()).isBetween(atClose, atClose + 1);
    }

    @Test
    void renewalsStopOnceTheLeaseIsNoLongerHeld() throws InterruptedException {
        AtomicInteger renewals = new AtomicInteger();
        try (Leases.Renewal renewal = leases.keepRenewed("work", Duration.ofMillis(90), () -> {
            renewals.incrementAndGet();
            return false;
        })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> renewals.get() >= 1);
            Thread.sleep(400);
            assertThat(renewals.get()).isEqualTo(1);
        }
    }

    @Test
    void aFailedRenewalIsTriedAgainAtTheNextPeriod() {
        AtomicInteger attempts = new AtomicInteger();
        try (Leases.Renewal renewal = leases.keepRenewed("work", Duration.ofMillis(90), () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("the database is away");
            }
            return true;
        })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() >= 4);
        }
    }

    @Test
    void holdersNameTheProcessAndDifferForEachPieceOfWork() {
        String one = Leases.newHolder();
        String two = Leases.newHolder();
        assertThat(one).isNotEqualTo(two).contains("@").hasSizeLessThanOrEqualTo(255);
        assertThat(one.substring(0, one.lastIndexOf('/'))).isEqualTo(two.substring(0, two.lastIndexOf('/')));
    }
}
