package cloud.yuntu.task.scheduling;

import cloud.yuntu.task.PassLoop;
import cloud.yuntu.task.TaskConfig;
import cloud.yuntu.task.signal.SignalListener;
import cloud.yuntu.task.signal.Signals;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The dispatch loops. The release pass puts waiting frames into the free slots of each lane that
 * has some (every lane of the farm together, as an agent's slots serve all its pools and
 * renderers) the moment something could make that possible: a {@link Signals#DISPATCH} signal,
 * sent by the commit of a finished, failed or taken-back frame, of a task that became releasable,
 * or of an agent that came or reported more free slots. Its timer,
 * {@code yuntu.task.dispatch.release-interval}, is only a safety net. The upkeep pass, every
 * {@code yuntu.task.dispatch.interval}, takes back lost frames and every
 * {@code yuntu.task.dispatch.stall-check-interval} notes tasks whose frames no live agent can take.
 * All of their state is in PostgreSQL, so any number of replicas may run them.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final Pool pool;
    private final WaitingLanes waitingLanes;
    private final LostFrames lost;
    private final FrameRelease frameRelease;
    private final StalledTasks stalls;
    private PassLoop release;
    private PassLoop upkeep;
    private Duration stallCheckInterval = Duration.ZERO;
    /** When stalls were last looked for; only the loop's one pass at a time reads and writes it. */
    private long stallsCheckedAt = Long.MIN_VALUE;

    public Dispatcher(Pool pool, WaitingLanes waitingLanes, LostFrames lost, FrameRelease release, StalledTasks stalls) {
        this.pool = pool;
        this.waitingLanes = waitingLanes;
        this.lost = lost;
        this.frameRelease = release;
        this.stalls = stalls;
    }

    void start(@Observes StartupEvent started, Vertx vertx, TaskConfig config, SignalListener signals) {
        stallCheckInterval = config.dispatch().stallCheckInterval();
        // Woken passes only release: taking back lost frames and looking for stalls are timed by nature.
        release = new PassLoop(vertx, "Dispatch", config.dispatch().releaseInterval(), this::releasePass);
        upkeep = new PassLoop(vertx, "Dispatch upkeep", config.dispatch().interval(), this::upkeepPass);
        signals.on(Signals.DISPATCH, release::wake);
        release.start();
        upkeep.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (release != null) {
            release.stop();
            upkeep.stop();
        }
    }

    /** Releases waiting frames into free slots: on every dispatch signal, and on its timer as a safety net. */
    Uni<Integer> releasePass() {
        return pool.withConnection(waitingLanes::all)
                .chain(lanes -> lanes.isEmpty() ? Uni.createFrom().item(0) : frameRelease.release(lanes))
                .invoke(n -> {
                    if (n > 0) {
                        LOG.debugf("Released %d frame(s)", n);
                    }
                });
    }

    /** Takes back lost frames (and releases them at once), and notes stalled tasks when that is due. */
    Uni<Void> upkeepPass() {
        return lost.recover()
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("Took back %d lost frame(s)", n);
                        release.wake();
                    }
                })
                .chain(this::checkStallsWhenDue);
    }

    private Uni<Void> checkStallsWhenDue() {
        long now = System.nanoTime();
        if (stallsCheckedAt != Long.MIN_VALUE && now - stallsCheckedAt < stallCheckInterval.toNanos()) {
            return Uni.createFrom().voidItem();
        }
        stallsCheckedAt = now;
        return stalls.check();
    }
}
