package cloud.yuntu.task.agent;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentCommand;
import cloud.yuntu.contracts.agent.AgentHeartbeat;
import cloud.yuntu.task.FarmTest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A poll's heartbeats applied at once ({@link HeartbeatConsumer#consume}) against the real database: the newest of each
 * agent wins whatever else the poll holds, an agent that reports what operators no longer want of it is told again, and
 * a poll with a tombstone in it is applied in its order.
 */
@QuarkusTest
class HeartbeatBatchTest extends FarmTest {

    @Inject
    HeartbeatConsumer consumer;

    private final List<ConsumerRecord<String, AgentHeartbeat>> poll = new ArrayList<>();

    @Test
    void aPollOfHeartbeatsLeavesEachAgentAsItsNewestHeartbeatSaysAndCorrectsTheDrainedOne() {
        String pool = farm.isolatedTier();
        String x = "beat-x-" + UUID.randomUUID();
        String y = "beat-y-" + UUID.randomUUID();
        Instant t = Instant.now();
        beat(x, pool, 1, t);
        beat(y, pool, 2, t);
        beat(x, pool, 3, t.plusSeconds(5));
        // An older heartbeat delivered again after a rebalance: it changes nothing.
        beat(x, pool, 0, t.minusSeconds(5));
        beat(y, pool, 4, t.plusSeconds(5));
        apply();
        assertThat(slotsFree(x)).isEqualTo(3);
        assertThat(slotsFree(y)).isEqualTo(4);

        // Operators drained X while it was away; its next heartbeats in a poll still say ACTIVE: it is told again.
        farm.sql("UPDATE task.agent SET desired_state = 'DRAINING' WHERE id = ?", x);
        beat(x, pool, 3, t.plusSeconds(10));
        beat(y, pool, 4, t.plusSeconds(10));
        apply();
        assertThat(farm.commands(x, 1)).extracting(AgentCommand::command).containsExactly(AgentCommand.Command.DRAIN);

        // Y leaves for good (a tombstone on the compacted topic) in the same poll as X's heartbeat.
        beat(x, pool, 2, t.plusSeconds(15));
        poll.add(new ConsumerRecord<>(Topics.AGENT_HEARTBEATS, 0, poll.size(), y, null));
        apply();
        assertThat(slotsFree(x)).isEqualTo(2);
        assertThat(farm.count("SELECT count(*) FROM task.agent WHERE id = ?", y)).isZero();
    }

    private void beat(String agent, String pool, int slotsFree, Instant at) {
        poll.add(new ConsumerRecord<>(Topics.AGENT_HEARTBEATS, 0, poll.size(), agent, new AgentHeartbeat(UUID.randomUUID(),
                at, agent, "host-" + agent, List.of(pool), 8, 16L << 30, List.of(),
                List.of(new AgentHeartbeat.RendererVersion("simulate", "1")), 4, slotsFree, List.of(),
                AgentHeartbeat.AgentState.ACTIVE)));
    }

    private void apply() {
        consumer.consume(new ConsumerRecords<>(Map.of(new TopicPartition(Topics.AGENT_HEARTBEATS, 0), List.copyOf(poll)),
                Map.of())).await().indefinitely();
        poll.clear();
    }

    private long slotsFree(String agent) {
        return farm.count("SELECT slots_free FROM task.agent WHERE id = ?", agent);
    }
}
