package cloud.yuntu.task.scheduling;

import cloud.yuntu.task.tier.Tiers;
import cloud.yuntu.task.PassLoop;
import cloud.yuntu.task.TaskConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Observes;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The dispatch loop: every {@code yuntu.task.dispatch.interval} it takes back lost frames,
 * then releases waiting frames into each pool's free slots. All of its state is in
 * PostgreSQL, so any number of replicas may run it.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final Pool pool;
    private final Tiers tiers;
    private final LostFrames lost;
    private final FrameRelease release;
    private PassLoop loop;

    public Dispatcher(Pool pool, Tiers tiers, LostFrames lost, FrameRelease release) {
        this.pool = pool;
        this.tiers = tiers;
        this.lost = lost;
        this.release = release;
    }

    void start(@Observes StartupEvent started, Vertx vertx, TaskConfig config) {
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
                .chain(() -> pool.withConnection(tiers::pools))
                .chain(pools -> Multi.createFrom().iterable(pools)
                        .onItem().transformToUniAndConcatenate(name -> release.release(name)
                                .invoke(n -> {
                                    if (n > 0) {
                                        LOG.debugf("Released %d frame(s) into pool %s", n, name);
                                    }
                                }))
                        .collect().last())
                .replaceWithVoid();
    }
}
