package cloud.yuntu.task.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameProgress;
import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.task.FarmDriver;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a task's owner reads on {@code farm.notifications} when the task ends or an operator stops it,
 * against the real broker and database: one notification per end, keyed and addressed to the owner,
 * naming the task and its kind, and none more when the frame report that ended it is delivered again.
 */
@QuarkusTest
class OwnerNotificationsTest extends FarmTest {

    private static final Duration SETTLE = Duration.ofSeconds(2);

    String tier;
    String user;
    String agent;

    /** Every test's agent heartbeats before its task is queued: a task no live agent can take would say so too. */
    @BeforeEach
    void isolatedPool() {
        tier = farm.isolatedTier();
        user = "notified-" + UUID.randomUUID().toString().substring(0, 8);
        agent = "agent-" + UUID.randomUUID();
    }

    @Test
    void aCompletedTaskTellsItsOwnerOnceWithFramesDurationAndCostEvenWhenItsLastReportComesAgain() {
        farm.heartbeat(agent, tier, 3, List.of());
        UUID id = api.submitQueued(user, request("1-3"));
        farm.heartbeat(agent, tier, 3, List.of());
        List<FrameJob> jobs = farm.jobsSettled(id, tier, 3);
        farm.fail(agent, jobs.get(0), "unknown node type aiFoo", false);
        farm.render(agent, jobs.get(1), 10.0);
        FrameEvent last = farm.render(agent, jobs.get(2), 10.0);
        api.awaitStatus(user, id, "COMPLETED");

        Notification done = onlyNoticeOf(id);
        assertThat(done.kind()).isEqualTo(Notification.Kind.TASK_COMPLETED);
        assertThat(done.userId()).isEqualTo(user);
        assertThat(done.level()).isEqualTo(Notification.Level.WARNING);
        assertThat(done.title()).isEqualTo("Task completed with failed frames");
        // Two frames of 10 s at the tier's 1.8 CNY per node hour.
        assertThat(done.message()).startsWith("Task " + id + " (notified.ma) finished: 2 of 3 frames rendered in ")
                .contains("1 frame has failed after all attempts").contains("Final cost: 0.0100 CNY");

        redeliver(id, jobs.get(2), last);
        assertThat(onlyNoticeOf(id)).isEqualTo(done);
    }

    @Test
    void aFailedTaskTellsItsOwnerOnceWithTheReason() {
        farm.heartbeat(agent, tier, 1, List.of());
        UUID id = api.submitQueued(user, request("1"));
        farm.heartbeat(agent, tier, 1, List.of());
        FrameJob job = farm.jobsSettled(id, tier, 1).getFirst();
        FrameEvent failure = farm.fail(agent, job, "unknown node type aiFoo", false);
        String reason = api.awaitStatus(user, id, "FAILED").getString("failureReason");

        Notification failed = onlyNoticeOf(id);
        assertThat(failed.kind()).isEqualTo(Notification.Kind.TASK_FAILED);
        assertThat(failed.userId()).isEqualTo(user);
        assertThat(failed.level()).isEqualTo(Notification.Level.ERROR);
        assertThat(failed.title()).isEqualTo("Task failed");
        assertThat(reason).contains("unknown node type aiFoo");
        assertThat(failed.message()).isEqualTo("Task " + id + " (notified.ma) failed: " + reason + ".");

        redeliver(id, job, failure);
        assertThat(onlyNoticeOf(id)).isEqualTo(failed);
    }

    @Test
    void anOperatorsCancelIsToldToTheOwnerTheOwnersOwnIsNot() {
        farm.heartbeat(agent, tier, 4, List.of());
        UUID own = api.submitQueued(user, request("1-2"));
        UUID operators = api.submitQueued(user, request("1-2"));
        api.command(user, own, "cancel").statusCode(200);
        given().auth().oauth2(tokens.admin("operator")).post("/api/tasks/" + operators + "/cancel").then().statusCode(200);

        // Both are the owner's, so keyed alike and in one partition: the operator's notice comes after
        // any the owner's own cancel would have caused.
        List<Notification> notices = farm.settled(Topics.NOTIFICATIONS, Notification.class,
                r -> user.equals(r.key()) && (own.equals(r.value().taskId()) || operators.equals(r.value().taskId())), 1,
                SETTLE);
        assertThat(notices).singleElement().satisfies(n -> {
            assertThat(n.taskId()).isEqualTo(operators);
            assertThat(n.kind()).isEqualTo(Notification.Kind.TASK_CANCELLED);
            assertThat(n.userId()).isEqualTo(user);
            assertThat(n.title()).isEqualTo("Task cancelled by an operator");
            assertThat(n.message()).endsWith("was cancelled by an operator before any frame rendered.");
        });
    }

    /** The task's notifications once a few more relay passes had the chance to send another: exactly one. */
    private Notification onlyNoticeOf(UUID taskId) {
        List<Notification> notices = farm.settled(Topics.NOTIFICATIONS, Notification.class,
                r -> user.equals(r.key()) && taskId.equals(r.value().taskId()), 1, SETTLE);
        assertThat(notices).hasSize(1);
        return notices.getFirst();
    }

    /**
     * Delivers {@code event} again, as a consumer restart would, and waits until it was read: a fresh
     * report of the same task behind it (one partition per task) is applied only after it.
     */
    private void redeliver(UUID taskId, FrameJob job, FrameEvent event) {
        farm.report(event);
        farm.reportAndAwait(new FrameProgress(UUID.randomUUID(), Instant.now(), taskId, job.frameId(), job.attempt(),
                agent, 100.0));
    }

    private Map<String, Object> request(String frames) {
        return TaskApi.request(FileServiceStandIn.upload(user, "notified.ma"), frames, tier);
    }
}
