package cloud.yuntu.agent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.agent.AgentHarness;
import cloud.yuntu.agent.TopicReader;
import cloud.yuntu.agent.transfer.StandInFileServiceResource;
import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentCommand.Command;
import cloud.yuntu.contracts.agent.AgentHeartbeat;
import cloud.yuntu.contracts.frame.FencingToken;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.contracts.frame.FrameFailed;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameRange;
import cloud.yuntu.contracts.frame.FrameStarted;
import cloud.yuntu.contracts.json.AgentHeartbeatDeserializer;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.testsupport.InjectKafkaBroker;
import cloud.yuntu.testsupport.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * The agent's hold on its jobs in the share group (lock 6 s in tests): it keeps a job longer
 * than the lock by renewing it, picks up a job whose first taker died, and hands a running job
 * back when it stops; a draining agent finishes what it renders and takes nothing until resumed.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(StandInFileServiceResource.class)
class JobLeaseTest {

    private static final String GROUP = Topics.renderAgentsGroup("cpu", "simulate");
    /** The lock the agent sets in tests (application.properties, %test profile). */
    private static final Duration LOCK = Duration.ofSeconds(6);

    @Inject
    JobIntakes intakes;

    @InjectKafkaBroker
    KafkaBroker broker;

    AgentHarness farm;

    @BeforeEach
    void connect() {
        farm = AgentHarness.connect(broker.bootstrapServers(), StandInFileServiceResource.service());
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        farm.command(Command.RESUME, null);
        farm.close();
    }

    private List<FrameEvent> eventsOf(FrameJob job) {
        return farm.eventsOf(job.frameId());
    }

    @Test
    void aJobLongerThanTheLockStaysWithTheAgentAndStartsOnce() {
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "3000"),
                new FrameRange(1, 5, 1), 120);
        List<String> stolen = new ArrayList<>();
        try (KafkaShareConsumer<String, String> rival = shareConsumer()) {
            farm.publish(job);
            await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(job).stream().anyMatch(FrameStarted.class::isInstance));

            // Another member of the group polls all through the render: a lapsed lock would hand it the job.
            while (eventsOf(job).stream().noneMatch(FrameCompleted.class::isInstance)) {
                for (ConsumerRecord<String, String> record : rival.poll(Duration.ofMillis(500))) {
                    stolen.add(record.value());
                    rival.acknowledge(record, AcknowledgeType.RELEASE);
                }
                assertThat(eventsOf(job)).as("events within the render time").isNotEmpty();
                if (Instant.now().isAfter(job.time().plusSeconds(90))) {
                    break;
                }
            }
        }

        assertThat(stolen).noneMatch(v -> v.contains(job.frameId().toString()));
        FrameCompleted completed = (FrameCompleted) eventsOf(job).stream().filter(FrameCompleted.class::isInstance)
                .findFirst().orElseThrow();
        assertThat(completed.seconds()).isGreaterThan(6);
        assertThat(eventsOf(job).stream().filter(FrameStarted.class::isInstance)).hasSize(1);
        assertThat(completed.outputs()).hasSize(5);
    }

    @Test
    void aDrainingAgentTakesNothingAndAfterResumeTakesOverADeadAgentsJob() throws Exception {
        drain();
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "0"), FrameRange.single(1), 60);
        KafkaShareConsumer<String, String> deadAgent = shareConsumer();
        try {
            farm.publish(job);
            ConsumerRecord<String, String> taken = pollOne(deadAgent);
            assertThat(taken.value()).contains(job.frameId().toString());
            assertThat(taken.deliveryCount()).hasValue((short) 1);
            assertThat(eventsOf(job)).as("a draining agent takes no job").isEmpty();
            // The first taker now dies silently: no acknowledgement, no more polls.

            farm.command(Command.RESUME, null);

            FrameCompleted completed = await().atMost(Duration.ofSeconds(45)).until(() -> eventsOf(job).stream()
                    .filter(FrameCompleted.class::isInstance).map(FrameCompleted.class::cast).findFirst().orElse(null),
                    c -> c != null);
            assertThat(completed.agentId()).isEqualTo(AgentHarness.AGENT_ID);
            assertThat(eventsOf(job).stream().filter(FrameStarted.class::isInstance)).hasSize(1);
            // The job's second delivery: its reports fence out any the dead taker might still send.
            assertThat(eventsOf(job)).allMatch(e -> Long.valueOf(FencingToken.of(job.attempt(), 2)).equals(e.fencingToken()));
        } finally {
            deadAgent.close(Duration.ZERO);
        }
    }

    /** A readable command naming no command (none an agent knows) once ended the agent's command consumer for good. */
    @Test
    void aCommandThatCannotBeAppliedDoesNotStopTheCommandsAfterIt() throws Exception {
        farm.commandRaw("{\"type\":\"agent.command.v1\",\"id\":\"" + UUID.randomUUID() + "\",\"time\":\""
                + Instant.now() + "\",\"agentId\":\"" + AgentHarness.AGENT_ID + "\",\"command\":null,\"attempt\":0}");
        drain();
    }

    @Test
    void aFrameRenderingWhenTheDrainComesFinishesAndTheNextJobWaitsForResume() throws Exception {
        UUID taskId = UUID.randomUUID();
        FrameJob rendering = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "4000"), FrameRange.single(1), 60);
        UUID nextTaskId = UUID.randomUUID();
        FrameJob next = farm.job(nextTaskId, farm.scene(nextTaskId, "yuntu.simulate.msPerFrame", "0"), FrameRange.single(1), 60);
        try (TopicReader<AgentHeartbeat> beats = new TopicReader<>(broker.bootstrapServers(), Topics.AGENT_HEARTBEATS,
                new AgentHeartbeatDeserializer())) {
            farm.publish(rendering);
            await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(rendering).stream().anyMatch(FrameStarted.class::isInstance));
            Instant asked = Instant.now();
            farm.command(Command.DRAIN, null);

            // Draining while the frame renders (task-service shows DRAINING), then with nothing running (DRAINED).
            await().atMost(Duration.ofSeconds(15)).until(() -> ownBeatsAfter(beats, asked).anyMatch(h ->
                    h.state() == AgentHeartbeat.AgentState.DRAINING && h.runningFrames().contains(rendering.frameId())));
            await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(rendering).stream().anyMatch(FrameCompleted.class::isInstance));
            assertThat(eventsOf(rendering)).as("the drain does not stop a frame that renders").noneMatch(FrameFailed.class::isInstance);
            Instant finished = Instant.now();
            await().atMost(Duration.ofSeconds(15)).until(() -> ownBeatsAfter(beats, finished).anyMatch(h ->
                    h.state() == AgentHeartbeat.AgentState.DRAINING && h.runningFrames().isEmpty()));
        }
        // Let the finished job's record be accepted and the intake leave the group before the next job comes.
        Thread.sleep(LOCK.toMillis() / 2);
        farm.publish(next);
        Thread.sleep(3000);
        assertThat(eventsOf(next)).as("a draining agent takes no new job").isEmpty();

        farm.command(Command.RESUME, null);
        await().atMost(Duration.ofSeconds(45)).until(() -> eventsOf(next).stream().anyMatch(FrameCompleted.class::isInstance));
        assertThat(eventsOf(next).stream().filter(FrameStarted.class::isInstance)).hasSize(1);
    }

    private static java.util.stream.Stream<AgentHeartbeat> ownBeatsAfter(TopicReader<AgentHeartbeat> beats, Instant after) {
        return beats.values().stream().filter(h -> AgentHarness.AGENT_ID.equals(h.agentId()) && h.time().isAfter(after));
    }

    @Test
    void aStoppingAgentKillsTheRendererAndReleasesTheJobToAnotherAgent() throws Exception {
        // A lock far longer than the wait below: the job can only come back by being released.
        setRecordLock(Duration.ofSeconds(120));
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "30000"),
                FrameRange.single(1), 120);
        try {
            farm.publish(job);
            await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(job).stream().anyMatch(FrameStarted.class::isInstance));
            try (KafkaShareConsumer<String, String> otherAgent = shareConsumer()) {
                intakes.stop();

                ConsumerRecord<String, String> released = pollOne(otherAgent);
                assertThat(released.value()).contains(job.frameId().toString());
                assertThat(released.deliveryCount()).hasValue((short) 2);
                otherAgent.acknowledge(released, AcknowledgeType.ACCEPT);
                otherAgent.commitSync();
            }
            assertThat(eventsOf(job)).as("a handed-back job is not reported")
                    .noneMatch(e -> e instanceof FrameCompleted || e instanceof FrameFailed);
        } finally {
            setRecordLock(LOCK);
            intakes.start();
        }
    }

    private void setRecordLock(Duration lock) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, GROUP), List.of(
                    new AlterConfigOp(new ConfigEntry("share.record.lock.duration.ms", Long.toString(lock.toMillis())),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    private void drain() throws InterruptedException {
        try (TopicReader<AgentHeartbeat> beats = new TopicReader<>(broker.bootstrapServers(), Topics.AGENT_HEARTBEATS,
                new AgentHeartbeatDeserializer())) {
            Instant asked = Instant.now();
            farm.command(Command.DRAIN, null);
            await().atMost(Duration.ofSeconds(15)).until(() -> beats.values().stream().anyMatch(h ->
                    AgentHarness.AGENT_ID.equals(h.agentId()) && h.time().isAfter(asked)
                            && h.state() == AgentHeartbeat.AgentState.DRAINING));
        }
        // A poll that began before the drain may still be waiting; let it end.
        Thread.sleep(1500);
    }

    private KafkaShareConsumer<String, String> shareConsumer() {
        return OtherAgent.join(broker.bootstrapServers(), GROUP, Topics.frameJobs("cpu", "simulate"));
    }

    private static ConsumerRecord<String, String> pollOne(KafkaShareConsumer<String, String> consumer) {
        return OtherAgent.pollOne(consumer, Duration.ofSeconds(30));
    }
}
