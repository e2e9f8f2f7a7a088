package cloud.yuntu.agent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.agent.AgentHarness;
import cloud.yuntu.agent.SimulatedMaya;
import cloud.yuntu.agent.transfer.StandInFileServiceResource;
import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameProgress;
import cloud.yuntu.contracts.frame.FrameRange;
import cloud.yuntu.contracts.frame.SceneManifest;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.testsupport.InjectKafkaBroker;
import cloud.yuntu.testsupport.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Job lanes on the real broker: the agent (arnold, redshift, renderman and simulate, the simulator standing in
 * for Maya) reads only the lanes of its renderers, and a lane task-service creates after the agent
 * subscribed is taken without a restart.
 */
@QuarkusTest
@TestProfile(SimulatedMaya.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(StandInFileServiceResource.class)
class JobLaneTest {

    @InjectKafkaBroker
    KafkaBroker broker;

    AgentHarness farm;

    @BeforeEach
    void connect() {
        farm = AgentHarness.connect(broker.bootstrapServers(), StandInFileServiceResource.service());
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        farm.close();
    }

    private FrameCompleted awaitCompleted(FrameJob job) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> farm.eventsOf(job.frameId()).stream()
                .filter(FrameCompleted.class::isInstance).map(FrameCompleted.class::cast).findFirst().orElse(null),
                c -> c != null);
    }

    @Test
    void aJobOnTheLaneOfARendererTheAgentLacksIsLeftForAnAgentThatHasIt() throws Exception {
        // What task-service does when it makes a lane: its share group starts from the earliest job.
        try (Admin admin = broker.admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP,
                    Topics.renderAgentsGroup("cpu", "vray")), List.of(new AlterConfigOp(
                    new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET)))).all().get();
        }
        UUID taskId = UUID.randomUUID();
        SceneManifest scene = farm.scene(taskId, "yuntu.simulate.msPerFrame", "0");
        FrameJob vray = farm.layerJob(taskId, scene, "vray", null, "persp", "shot", FrameRange.single(1));
        FrameJob arnold = farm.layerJob(taskId, scene, "arnold", null, "persp", "shot", FrameRange.single(2));
        farm.publish(vray);
        farm.publish(arnold);

        awaitCompleted(arnold);

        assertThat(farm.eventsOf(vray.frameId())).as("the vray job never reached this agent").isEmpty();
        // An agent with V-Ray joins the lane's group: the job is still there, never delivered before.
        try (KafkaShareConsumer<String, String> vrayAgent = OtherAgent.join(broker.bootstrapServers(),
                Topics.renderAgentsGroup("cpu", "vray"), Topics.frameJobs("cpu", "vray"))) {
            ConsumerRecord<String, String> record = OtherAgent.pollOne(vrayAgent, Duration.ofSeconds(30));
            assertThat(record.value()).contains(vray.frameId().toString());
            assertThat(record.deliveryCount()).hasValue((short) 1);
            vrayAgent.acknowledge(record, AcknowledgeType.ACCEPT);
            vrayAgent.commitSync();
        }
    }

    @Test
    void aLaneCreatedAfterTheAgentSubscribedIsTaken() throws Exception {
        // RenderMan: no other test of this JVM renders with it, so its lane cannot exist yet.
        String lane = Topics.frameJobs("cpu", "renderman");
        try (Admin admin = broker.admin()) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).as("no renderman lane yet").doesNotContain(lane);
        }
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.layerJob(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "1000"), "renderman",
                null, "persp", "shot", new FrameRange(1, 2, 1));

        farm.createLane("cpu", "renderman");
        farm.publish(job);

        FrameCompleted completed = awaitCompleted(job);
        assertThat(completed.outputs()).extracting(o -> o.fileName()).containsExactly("shot.0001.png", "shot.0002.png");
        assertThat(farm.eventsOf(job.frameId())).as("RenderMan's progress lines read as progress")
                .anyMatch(FrameProgress.class::isInstance);
    }
}
