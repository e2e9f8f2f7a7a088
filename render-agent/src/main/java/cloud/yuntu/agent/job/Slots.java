package cloud.yuntu.agent.job;

import cloud.yuntu.agent.AgentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;

/**
 * The agent's render slots, shared by all pools, and the drain switch: a draining agent
 * finishes what it runs but takes nothing new.
 */
@ApplicationScoped
public class Slots {

    private final int total;
    private final Semaphore free;
    private volatile boolean draining;

    Slots(AgentConfig config) {
        this.total = Math.max(1, config.slots());
        this.free = new Semaphore(total);
    }

    /** Takes a slot for a new job; false when none is free or the agent drains. */
    boolean tryTake() {
        return !draining && free.tryAcquire();
    }

    void giveBack() {
        free.release();
    }

    public int total() {
        return total;
    }

    public int free() {
        return free.availablePermits();
    }

    public boolean draining() {
        return draining;
    }

    public void drain() {
        draining = true;
    }

    public void resume() {
        draining = false;
    }
}
