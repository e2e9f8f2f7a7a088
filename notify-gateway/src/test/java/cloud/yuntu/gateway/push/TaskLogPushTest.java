package cloud.yuntu.gateway.push;

import static cloud.yuntu.gateway.push.TaskEvents.logs;
import static cloud.yuntu.gateway.push.TaskEvents.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import cloud.yuntu.gateway.stream.StreamLog;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A task's live log ({@code task:log}) against the real broker and database: agents' batches on
 * {@code farm.frame-logs} reach the connections following the task whose caller may see it, and
 * nobody else's.
 */
@QuarkusTest
class TaskLogPushTest extends LiveFeedTest {

    private static final AtomicBoolean LOGS_CAUGHT_UP = new AtomicBoolean();

    @Inject
    StreamLog log;

    @BeforeEach
    void logConsumerAtTheEnd() throws Exception {
        if (LOGS_CAUGHT_UP.compareAndSet(false, true)) {
            FeedProbe.awaitLogsAtTheEnd(server, tokens.admin("probe"), events);
        }
    }

    @Test
    void theOwnerFollowingTheTaskAndAnAdminGetItsLogInOrderNobodyElseAnyOfIt() throws Exception {
        String owner = "lena-" + UUID.randomUUID();
        String stranger = "omar-" + UUID.randomUUID();
        UUID task = UUID.randomUUID();
        UUID frame = UUID.randomUUID();
        try (PushClient watcher = PushClient.connect(server, tokens.user(owner), "taskId=" + task);
             PushClient wholeStream = PushClient.connect(server, tokens.user(owner), "");
             PushClient intruder = PushClient.connect(server, tokens.user(stranger), "taskId=" + task);
             PushClient admin = PushClient.connect(server, tokens.admin("ops-" + UUID.randomUUID()), "taskId=" + task)) {
            // The task's first event, numbered into the owner's stream, tells the gateway whose it is.
            TaskStatusChanged rendering = status(owner, task, TaskStatus.QUEUED, TaskStatus.RENDERING);
            events.publish(rendering);
            assertThat(watcher.next().get("event").asText()).isEqualTo("task:status");
            assertThat(admin.next().get("event").asText()).isEqualTo("task:status");
            assertThat(wholeStream.next().get("event").asText()).isEqualTo("task:status");

            events.publish(logs(task, frame, 0, "Rendering frame 1...", "10% done"));
            events.publish(logs(task, frame, 2, "50% done", "100% done", "Result: images/beauty.0001.exr"));

            for (PushClient allowed : List.of(watcher, admin)) {
                JsonNode first = allowed.next();
                assertThat(first.get("event").asText()).isEqualTo("task:log");
                assertThat(first.has("seq")).as("a live log is not numbered into the stream").isFalse();
                assertThat(first.get("data").get("taskId").asText()).isEqualTo(task.toString());
                assertThat(first.get("data").get("frameId").asText()).isEqualTo(frame.toString());
                assertThat(first.get("data").get("agentId").asText()).isEqualTo("node-1");
                assertThat(first.get("data").get("attempt").asInt()).isEqualTo(1);
                assertThat(first.get("data").get("dropped").asInt()).isZero();
                JsonNode second = allowed.next();
                assertThat(second.get("data").get("firstLine").asLong()).isEqualTo(2);
                assertThat(lines(first, second)).containsExactly("Rendering frame 1...", "10% done", "50% done", "100% done",
                        "Result: images/beauty.0001.exr");
            }
            assertThat(intruder.poll(QUIET)).as("another user's task shows nothing, like one that does not exist").isNull();
            assertThat(wholeStream.poll(Duration.ZERO)).as("no logs without taskId").isNull();
        }
    }

    @Test
    void aTaskNumberedBeforeTheConnectionOpenedIsKnownFromTheDatabase() throws Exception {
        String owner = "nils-" + UUID.randomUUID();
        UUID task = UUID.randomUUID();
        UUID frame = UUID.randomUUID();
        events.publish(status(owner, task, TaskStatus.SUBMITTED, TaskStatus.QUEUED));
        await().atMost(PushClient.PATIENCE).until(() -> owner.equals(log.ownerOf(task).await().atMost(Duration.ofSeconds(5))));

        try (PushClient watcher = PushClient.connect(server, tokens.user(owner), "taskId=" + task);
             PushClient intruder = PushClient.connect(server, tokens.user("pia-" + UUID.randomUUID()), "taskId=" + task)) {
            // The owner is looked up as the connection opens, the answer may come just after the greeting:
            // batches of one frame until the first gets through, then the ones that count, in order after them.
            long line = 0;
            JsonNode arrived = null;
            while (arrived == null) {
                events.publish(logs(task, frame, line++, "warming up"));
                arrived = watcher.poll(Duration.ofMillis(500));
            }
            long from = line;
            events.publish(logs(task, frame, from, "Loading scene"));
            events.publish(logs(task, frame, from + 1, "Rendering frame 7..."));
            List<JsonNode> received = new ArrayList<>();
            JsonNode next;
            do {
                next = watcher.next();
                received.add(next);
            } while (next.get("data").get("firstLine").asLong() < from + 1);

            assertThat(received).filteredOn(m -> m.get("data").get("firstLine").asLong() >= from)
                    .extracting(m -> m.get("data").get("lines").get(0).asText())
                    .containsExactly("Loading scene", "Rendering frame 7...");
            assertThat(received).extracting(m -> m.get("data").get("firstLine").asLong()).isSorted();
            assertThat(intruder.poll(QUIET)).isNull();
        }
    }

    private static List<String> lines(JsonNode... messages) {
        List<String> lines = new ArrayList<>();
        for (JsonNode message : messages) {
            message.get("data").get("lines").forEach(line -> lines.add(line.asText()));
        }
        return lines;
    }
}
