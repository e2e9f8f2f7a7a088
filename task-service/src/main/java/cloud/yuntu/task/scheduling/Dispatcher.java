package cloud.yuntu.task.scheduling;

import cloud.yuntu.task.PassLoop;
import cloud.yuntu.task.TaskConfig;
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
 * The dispatch loop: every {@code yuntu.task.dispatch.interval} it takes back lost frames, releases
 * waiting frames into the free slots of each lane that has some (every lane of the farm together,
 * as an agent's slots serve all its pools and renderers), and every
 * {@code yuntu.task.dispatch.stall-check-interval} notes tasks whose frames no live agent can take.
 * All of its state is in PostgreSQL, so any number of replicas may run it.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final Pool pool;
    private final WaitingLanes waitingLanes;
    private final LostFrames lost;
    private final FrameRelease release;
    private final StalledTasks stalls;
    private PassLoop loop;
    private Duration stallCheckInterval = Duration.ZERO;
    /** When stalls were last looked for; only the loop's one pass at a time reads and writes it. */
    private long stallsCheckedAt = Long.MIN_VALUE;

    public Dispatcher(Pool pool, WaitingLanes waitingLanes, LostFrames lost, FrameRelease release, StalledTasks stalls) {
        this.pool = pool;
        this.waitingLanes = waitingLanes;
        this.lost = lost;
        this.release = release;
        this.stalls = stalls;
    }

    void start(@Observes StartupEvent started, Vertx vertx, TaskConfig config) {
        stallCheckInterval = config.dispatch().stallCheckInterval();
        loop = new PassLoop(vertx, "Dispatch", config.dispatch().interval(), this::pass);
        loop.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (loop != null) {
            loop.stop();
        }
    }

    Uni<Void> pass() {
        return lost.recover()
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("Took back %d lost frame(s)", n);
                    }
                })
                .chain(() -> pool.withConnection(waitingLanes::all))
                .chain(lanes -> lanes.isEmpty() ? Uni.createFrom().item(0) : release.release(lanes))
                .invoke(n -> {
                    if (n > 0) {
                        LOG.debugf("Released %d frame(s)", n);
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
