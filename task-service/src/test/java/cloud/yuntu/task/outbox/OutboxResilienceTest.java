package cloud.yuntu.task.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Records written while the broker is away reach it once it is back; nothing is lost in between. */
@QuarkusTest
class OutboxResilienceTest extends FarmTest {

    @Test
    void jobsAndEventsCommittedWhileTheBrokerIsDownArriveAfterItReturns() {
        String tier = farm.isolatedTier();
        String agent = "agent-" + UUID.randomUUID();

        // The scene analysis needs the broker; the task is queued before it goes away.
        UUID taskId = api.submitQueued(TaskApi.request(FileServiceStandIn.upload("offline.ma"), "1-3", tier));
        String lane = Topics.frameJobs(tier, "simulate");
        broker.stop();
        try {
            // The heartbeat cannot travel without the broker; the registry row it would write stands in for it.
            farm.sql("""
                    INSERT INTO task.agent (id, host, pools, cores, ram_bytes, slots_total, slots_free, running_frames,
                        state, heartbeat_at, renderers)
                    VALUES (?, 'offline-host', ARRAY[?], 8, 1, 3, 3, '{}', 'ACTIVE', now() + interval '1 minute',
                        '[{"renderer":"simulate","version":"1"}]'::jsonb)""",
                    agent, tier);
            await().atMost(Duration.ofSeconds(30)).until(() -> farm.count(
                    "SELECT count(*) FROM task.outbox WHERE topic = ? AND message_key = ?",
                    lane, taskId.toString()) == 3);
            assertThat(api.frameStatuses(TaskApi.DEFAULT_USER, taskId)).hasSize(3).containsOnly("DISPATCHED");
        } finally {
            broker.start();
        }

        List<FrameJob> jobs = farm.read(lane, FrameJob.class, r -> r.key().equals(taskId.toString()),
                l -> l.size() >= 3, Duration.ofSeconds(120)).stream().map(ConsumerRecord::value).toList();
        assertThat(jobs).extracting(j -> j.frames().start()).containsExactlyInAnyOrder(1, 2, 3);
        List<TaskEvent> events = farm.read(Topics.TASK_EVENTS, TaskEvent.class, r -> r.key().equals(taskId.toString()),
                l -> l.stream().anyMatch(e -> e.value() instanceof TaskStatusChanged s && s.to() == TaskStatus.RENDERING),
                Duration.ofSeconds(60)).stream().map(ConsumerRecord::value).toList();
        assertThat(events.stream().filter(e -> e instanceof TaskStatusChanged).map(e -> ((TaskStatusChanged) e).to()))
                .containsSubsequence(TaskStatus.SUBMITTED, TaskStatus.ANALYSING, TaskStatus.QUEUED, TaskStatus.RENDERING);
        await().atMost(Duration.ofSeconds(30)).until(() -> farm.count(
                "SELECT count(*) FROM task.outbox WHERE message_key = ?", taskId.toString()) == 0);
    }
}
