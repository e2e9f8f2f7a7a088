package cloud.yuntu.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.contracts.agent.AgentCommand;
import cloud.yuntu.contracts.agent.AgentHeartbeat;
import cloud.yuntu.contracts.frame.FencingToken;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.contracts.frame.FrameFailed;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.contracts.frame.FrameRange;
import cloud.yuntu.contracts.frame.FrameStarted;
import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.contracts.frame.SceneManifest;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.contracts.json.AgentCommandDeserializer;
import cloud.yuntu.contracts.json.AgentHeartbeatDeserializer;
import cloud.yuntu.contracts.json.EventSerializer;
import cloud.yuntu.contracts.json.FrameEventDeserializer;
import cloud.yuntu.contracts.json.FrameJobDeserializer;
import cloud.yuntu.contracts.json.NotificationDeserializer;
import cloud.yuntu.contracts.json.TaskEventDeserializer;
import cloud.yuntu.contracts.task.Cost;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskProgress;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:15:30.123Z");
    static final StoredObject OBJECT = new StoredObject("results/20261124/t/beauty.0001.png", 42, "aa", "bb", "cc");
    final EventSerializer<Object> serializer = new EventSerializer<>();

    @Test
    void everyEventNamesItsTypeAndVersion() throws Exception {
        FrameCompleted completed = new FrameCompleted(UUID.randomUUID(), NOW, UUID.randomUUID(), UUID.randomUUID(), 2,
                "agent-1", List.of(new FrameOutput(1, "beauty.0001.png", OBJECT)), 12.5, 1024);

        JsonNode json = FarmJsonTree.of(serializer.serialize("t", completed));

        assertThat(json.get("type").asText()).isEqualTo("frame.completed.v1");
        assertThat(json.get("time").asText()).isEqualTo("2026-11-24T10:15:30.123Z");
        assertThat(json.at("/outputs/0/object/key").asText()).isEqualTo(OBJECT.key());
    }

    @Test
    void sealedFamiliesReadBackAsTheirMember() {
        FrameFailed failed = new FrameFailed(UUID.randomUUID(), NOW, UUID.randomUUID(), UUID.randomUUID(), 1, "a",
                211, "// Error: scene failed to load", List.of("line"), false);
        FrameEvent read = new FrameEventDeserializer().deserialize("t", serializer.serialize("t", failed));
        assertThat(read).isEqualTo(failed);

        TaskProgress progress = new TaskProgress(UUID.randomUUID(), NOW, UUID.randomUUID(), "u", 3, 0, 10, 30.0, 42L,
                new Cost(new BigDecimal("1.25"), "CNY"));
        TaskEvent readTask = new TaskEventDeserializer().deserialize("t", serializer.serialize("t", progress));
        assertThat(readTask).isEqualTo(progress);
    }

    @Test
    void standaloneRecordsCarryTheirTypeToo() throws Exception {
        FrameJob job = new FrameJob(UUID.randomUUID(), NOW, UUID.randomUUID(), UUID.randomUUID(), 1, "cpu",
                new FrameRange(1, 1, 1), new SceneManifest(OBJECT, "shot.ma", List.of()), "arnold", null, null,
                new Resolution(1920, 1080), "exr", "beauty", "results/20261124/t/", 7200, "grant-token", List.of("broken-agent"));
        byte[] bytes = serializer.serialize("t", job);

        assertThat(FarmJsonTree.of(bytes).get("type").asText()).isEqualTo(FrameJob.TYPE);
        assertThat(new FrameJobDeserializer().deserialize("t", bytes)).isEqualTo(job);
    }

    @Test
    void newerFieldsAreIgnoredAndTombstonesReadAsNull() {
        String withExtra = """
                {"type":"agent.heartbeat.v1","id":"%s","time":"2026-11-24T10:15:30Z","agentId":"a","host":"h",
                 "pools":["cpu"],"cores":8,"ramBytes":1,"slotsTotal":2,"slotsFree":1,"state":"ACTIVE","futureField":1}
                """.formatted(UUID.randomUUID());
        AgentHeartbeat heartbeat = new AgentHeartbeatDeserializer().deserialize("t", withExtra.getBytes(StandardCharsets.UTF_8));
        assertThat(heartbeat.slotsFree()).isEqualTo(1);
        assertThat(heartbeat.gpus()).isEmpty();
        assertThat(new AgentHeartbeatDeserializer().deserialize("t", null)).isNull();
    }

    @Test
    void reportsCarryTheirDeliverysFencingTokenAndAHandBack() throws Exception {
        long token = FencingToken.of(2, 3);
        FrameFailed handedBack = new FrameFailed(UUID.randomUUID(), NOW, UUID.randomUUID(), UUID.randomUUID(), 2, "a",
                null, "no free slot on the last delivery", List.of(), true, token, true);
        byte[] bytes = serializer.serialize("t", handedBack);

        JsonNode json = FarmJsonTree.of(bytes);
        assertThat(json.get("fencingToken").asLong()).isEqualTo(2L * 65_536 + 3);
        assertThat(json.get("handedBack").asBoolean()).isTrue();
        assertThat(new FrameEventDeserializer().deserialize("t", bytes)).isEqualTo(handedBack);

        FrameStarted started = new FrameStarted(UUID.randomUUID(), NOW, UUID.randomUUID(), UUID.randomUUID(), 2, "a", "h",
                token);
        assertThat(new FrameEventDeserializer().deserialize("t", serializer.serialize("t", started))).isEqualTo(started);
    }

    @Test
    void aReportWithoutTokenOrHandBackReadsAsBefore() {
        String old = """
                {"type":"frame.failed.v1","id":"6f1c2a4e-0a3b-4f5e-9d7c-1b2a3c4d5e6f","time":"2026-11-24T10:15:30Z",
                 "taskId":"6f1c2a4e-0a3b-4f5e-9d7c-1b2a3c4d5e60","frameId":"6f1c2a4e-0a3b-4f5e-9d7c-1b2a3c4d5e61",
                 "attempt":1,"agentId":"a","exitCode":1,"reason":"crash","logTail":[],"retryable":true}
                """;
        FrameFailed read = (FrameFailed) new FrameEventDeserializer().deserialize("t", old.getBytes(StandardCharsets.UTF_8));

        assertThat(read.fencingToken()).isNull();
        assertThat(read.handedBack()).isFalse();
        assertThat(read.retryable()).isTrue();
    }

    @Test
    void aCancelNamesTheDeliveryItStopsAndSparesALaterOne() {
        long first = FencingToken.of(3, 1);
        long later = FencingToken.of(3, 2);
        AgentCommand cancel = new AgentCommand(UUID.randomUUID(), NOW, "a", AgentCommand.Command.CANCEL_FRAME,
                UUID.randomUUID(), UUID.randomUUID(), 3, first);
        assertThat(new AgentCommandDeserializer().deserialize("t", new EventSerializer<AgentCommand>().serialize("t", cancel)))
                .isEqualTo(cancel);
        assertThat(cancel.cancels(first)).isTrue();
        assertThat(cancel.cancels(later)).as("the job came back to the agent by a later delivery").isFalse();
        assertThat(cancel.cancels(null)).as("a run whose delivery is unknown").isTrue();

        String old = """
                {"type":"agent.command.v1","id":"6f1c2a4e-0a3b-4f5e-9d7c-1b2a3c4d5e6f","time":"2026-11-24T10:15:30Z",
                 "agentId":"a","command":"CANCEL_FRAME","taskId":"6f1c2a4e-0a3b-4f5e-9d7c-1b2a3c4d5e60",
                 "frameId":"6f1c2a4e-0a3b-4f5e-9d7c-1b2a3c4d5e61","attempt":3}
                """;
        AgentCommand read = new AgentCommandDeserializer().deserialize("t", old.getBytes(StandardCharsets.UTF_8));
        assertThat(read.fencingToken()).isNull();
        assertThat(read.cancels(later)).as("a cancel of old stops any delivery of the attempt").isTrue();
    }

    @Test
    void fencingTokensGrowWithTheDeliveryAndTheAttemptBeforeIt() {
        assertThat(FencingToken.of(1, 2)).isGreaterThan(FencingToken.of(1, 1));
        // a frame's next attempt is a new record whose delivery count starts again at 1
        assertThat(FencingToken.of(2, 1)).isGreaterThan(FencingToken.of(1, 10));
        assertThat(FencingToken.attempt(FencingToken.of(7, 4))).isEqualTo(7);
        assertThat(FencingToken.delivery(FencingToken.of(7, 4))).isEqualTo(4);
        assertThat(FencingToken.describe(FencingToken.of(7, 4))).isEqualTo("attempt 7 delivery 4");
        assertThat(FencingToken.describe(null)).isEqualTo("none");
        assertThatThrownBy(() -> FencingToken.of(1, 1 << 16)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void notificationsCarryTheirTaskAndKind() throws Exception {
        UUID taskId = UUID.randomUUID();
        Notification done = new Notification(UUID.randomUUID(), NOW, "alice", Notification.Level.INFO, "Task completed",
                "10 of 10 frames rendered", taskId, Notification.Kind.TASK_COMPLETED);
        byte[] bytes = serializer.serialize("t", done);

        JsonNode json = FarmJsonTree.of(bytes);
        assertThat(json.get("type").asText()).isEqualTo("notification.v1");
        assertThat(json.get("taskId").asText()).isEqualTo(taskId.toString());
        assertThat(json.get("kind").asText()).isEqualTo("task.completed");
        assertThat(new NotificationDeserializer().deserialize("t", bytes)).isEqualTo(done);
    }

    @Test
    void aNotificationWrittenBeforeTaskAndKindExistedStillReads() {
        String old = """
                {"type":"notification.v1","id":"6f1c2a4e-0a3b-4f5e-9d7c-1b2a3c4d5e6f","time":"2026-11-24T10:15:30Z",
                 "userId":null,"level":"WARNING","title":"Maintenance","message":"The farm restarts at 22:00"}
                """;
        Notification read = new NotificationDeserializer().deserialize("t", old.getBytes(StandardCharsets.UTF_8));

        assertThat(read.id()).isEqualTo(UUID.fromString("6f1c2a4e-0a3b-4f5e-9d7c-1b2a3c4d5e6f"));
        assertThat(read.userId()).isNull();
        assertThat(read.level()).isEqualTo(Notification.Level.WARNING);
        assertThat(read.title()).isEqualTo("Maintenance");
        assertThat(read.taskId()).isNull();
        assertThat(read.kind()).isNull();
    }

    @Test
    void garbageIsASerializationErrorNamingTheType() {
        assertThatThrownBy(() -> new FrameEventDeserializer().deserialize("farm.frame-events", "{\"type\":\"nope\"}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("FrameEvent")
                .hasMessageContaining("farm.frame-events");
    }

    @Test
    void dependencyKindsUseMayasSpelling() throws Exception {
        var dependency = new cloud.yuntu.contracts.scene.SceneReport.Dependency("cache1", "gpuCache", "cacheFileName",
                "cache/ball.abc", cloud.yuntu.contracts.scene.SceneReport.DependencyKind.GPU_CACHE, false);
        JsonNode json = FarmJsonTree.of(serializer.serialize("t", dependency));
        assertThat(json.get("kind").asText()).isEqualTo("gpuCache");
    }

    @Test
    void frameRangesRejectNonsense() {
        assertThat(new FrameRange(1, 100, 5).count()).isEqualTo(20);
        assertThatThrownBy(() -> new FrameRange(10, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameRange(1, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void topicNamesFollowTheArchitecture() {
        assertThat(Topics.frameJobs("high", "redshift")).isEqualTo("farm.frame-jobs.high.redshift");
        assertThat(Topics.renderAgentsGroup("high", "redshift")).isEqualTo("render-agents-high.redshift");
        assertThat(Topics.renderAgentsGroupOfLane(Topics.frameJobs("high", "redshift"))).isEqualTo("render-agents-high.redshift");
    }
}
