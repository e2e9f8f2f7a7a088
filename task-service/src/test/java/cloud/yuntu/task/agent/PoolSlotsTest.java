package cloud.yuntu.task.agent;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A pool's slots for ETA and estimate ({@link SharedSlots}) as the registry and the frames of the database give them. */
@QuarkusTest
class PoolSlotsTest extends FarmTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    Agents agents;

    @Test
    void anAgentServingTwoPoolsGivesEachItsPartOnceTheOtherWantsIt() {
        String a = farm.isolatedTier();
        String b = farm.isolatedTier();
        String user = "slots-" + UUID.randomUUID().toString().substring(0, 8);
        String shared = "agent-shared-" + UUID.randomUUID();
        String own = "agent-own-" + UUID.randomUUID();
        farm.heartbeat(shared, List.of(a, b), 2, List.of(), List.of("simulate"));
        farm.heartbeat(own, a, 2, List.of());
        farm.awaitHeartbeat(shared, 2);
        farm.awaitHeartbeat(own, 2);
        // pool b has no work: the shared agent is all pool a's
        assertThat(free(a)).isEqualTo(4);
        assertThat(total(a)).isEqualTo(4);

        // A task of pool b: its frames (waiting, or released to the shared agent) want the shared agent's slots too.
        UUID task = api.submitQueued(user, TaskApi.request(FileServiceStandIn.upload(user, "b.ma"), "1-4", b));
        assertThat(free(a)).as("own 2 + half of the shared agent's 2").isEqualTo(3);
        assertThat(total(a)).isEqualTo(3);
        assertThat(total(b)).as("pool a has no work: the shared agent is all pool b's").isEqualTo(2);

        api.command(user, task, "cancel").statusCode(200);
        assertThat(free(a)).isEqualTo(4);
    }

    private int free(String tier) {
        return agents.freeSlots(pool, tier, TIMEOUT).await().indefinitely();
    }

    private int total(String tier) {
        return agents.totalSlots(pool, tier, TIMEOUT).await().indefinitely();
    }
}
