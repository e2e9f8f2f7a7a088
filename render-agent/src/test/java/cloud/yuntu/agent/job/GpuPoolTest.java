package cloud.yuntu.agent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.agent.AgentHarness;
import cloud.yuntu.agent.CpuNodeInGpuPool;
import cloud.yuntu.agent.TopicReader;
import cloud.yuntu.agent.transfer.StandInFileService;
import cloud.yuntu.agent.transfer.StandInFileServiceResource;
import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentHeartbeat;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameRange;
import cloud.yuntu.contracts.json.AgentHeartbeatDeserializer;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.testsupport.InjectKafkaBroker;
import cloud.yuntu.testsupport.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node without GPUs configured for the GPU tier's pool: it serves only the pools whose tiers it meets, as the
 * tiers read from task-service (the stand-in's {@code GET /api/tiers}) say, and follows them when they change.
 */
@QuarkusTest
@TestProfile(CpuNodeInGpuPool.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(StandInFileServiceResource.class)
class GpuPoolTest {

    private static final String HIGH_LANE = Topics.frameJobs("high", "simulate");
    private static final String HIGH_GROUP = Topics.renderAgentsGroup("high", "simulate");

    @InjectKafkaBroker
    KafkaBroker broker;

    AgentHarness farm;
    TopicReader<AgentHeartbeat> beats;

    @BeforeEach
    void connect() {
        farm = AgentHarness.connect(broker.bootstrapServers(), StandInFileServiceResource.service());
        beats = new TopicReader<>(broker.bootstrapServers(), Topics.AGENT_HEARTBEATS, new AgentHeartbeatDeserializer());
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        StandInFileServiceResource.service().tiers(StandInFileService.FARM_TIERS);
        beats.close();
        farm.close();
    }

    @Test
    void aNodeWithoutGpusNeverTakesTheGpuTiersJobsAndFollowsTheTiersWhenTheyChange() throws Exception {
        StandInFileService service = StandInFileServiceResource.service();
        assertThat(service.tierReads()).as("ready only once the tiers were read").isPositive();
        assertThat(latestPools()).containsExactly("cpu");

        farm.createLane("high", "simulate");
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "0"), FrameRange.single(1), 60);
        farm.publishOn(HIGH_LANE, job);
        // Several refreshes of the tiers and heartbeats pass: the job stays where it is, nobody reads its lane.
        Thread.sleep(4_000);
        assertThat(farm.eventsOf(job.frameId())).isEmpty();
        assertThat(members(HIGH_GROUP)).isZero();
        assertThat(latestPools()).containsExactly("cpu");

        // An operator makes high a CPU tier: the node meets it now and joins its lanes at the next refresh.
        List<Map<String, Object>> cpuHigh = new ArrayList<>(StandInFileService.FARM_TIERS.subList(0, 2));
        cpuHigh.add(Map.of("name", "high", "cores", 24, "ramGb", 64, "gpus", 0, "pricePerHour", 2.5, "currency", "CNY",
                "pool", "high"));
        service.tiers(cpuHigh);
        FrameCompleted completed = await().atMost(Duration.ofSeconds(60)).until(() -> farm.eventsOf(job.frameId()).stream()
                .filter(FrameCompleted.class::isInstance).map(FrameCompleted.class::cast).findFirst().orElse(null),
                c -> c != null);
        assertThat(completed.outputs()).hasSize(1);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(latestPools()).containsExactly("cpu", "high"));

        // And back to GPUs: the node leaves the pool's lanes and stops reporting it.
        service.tiers(StandInFileService.FARM_TIERS);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(latestPools()).containsExactly("cpu"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(members(HIGH_GROUP)).isZero());
    }

    /** The pools of this agent's newest heartbeat sent after now minus two intervals. */
    private List<String> latestPools() {
        Instant after = Instant.now().minusSeconds(2);
        AgentHeartbeat beat = await().atMost(Duration.ofSeconds(15)).until(() -> beats.values().stream()
                .filter(h -> AgentHarness.AGENT_ID.equals(h.agentId()) && h.time().isAfter(after))
                .reduce((a, b) -> b).orElse(null), h -> h != null);
        return beat.pools();
    }

    private int members(String group) throws Exception {
        try (Admin admin = broker.admin()) {
            ShareGroupDescription description = admin.describeShareGroups(List.of(group)).all().get().get(group);
            return description.members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw e;
        }
    }
}
