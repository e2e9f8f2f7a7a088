package cloud.yuntu.scene.report;

import cloud.yuntu.scene.SceneConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The analyses that may parse at once ({@code yuntu.scene.max-concurrent-analyses}). Each one may
 * keep up to the fact budget, so the number of slots bounds the heap the analyses can take, and
 * the HTTP workers, health checks and Kafka stay responsive while hostile scenes are refused.
 */
@ApplicationScoped
public class AnalysisSlots {

    private final Semaphore slots;

    AnalysisSlots(SceneConfig config) {
        this.slots = new Semaphore(config.maxConcurrentAnalyses(), true);
    }

    /**
     * A slot now, or false when all are taken (HTTP: answer 503 with Retry-After). Honours the fair
     * order (unlike {@code tryAcquire()}), so a waiting Kafka request is not starved by uploads.
     */
    public boolean tryTake() {
        try {
            return slots.tryAcquire(0, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A slot, waiting for one (the Kafka consumer waits its turn). */
    public void take() throws InterruptedException {
        slots.acquire();
    }

    public void give() {
        slots.release();
    }

    public int free() {
        return slots.availablePermits();
    }

    /** Analyses waiting for a slot (the Kafka consumer, when every slot is taken). */
    public int waiting() {
        return slots.getQueueLength();
    }
}
