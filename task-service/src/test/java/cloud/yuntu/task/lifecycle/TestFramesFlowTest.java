package cloud.yuntu.task.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Test frames against the real broker and database, with the agent played by the test: they render
 * alone and first, then the task waits for approval with its estimate, or fails when one dies.
 */
@QuarkusTest
class TestFramesFlowTest extends FarmTest {

    String tier;
    String user;
    String agent;

    @BeforeEach
    void isolatedPool() {
        tier = farm.isolatedTier();
        user = "tests-" + UUID.randomUUID().toString().substring(0, 8);
        agent = "agent-" + UUID.randomUUID();
    }

    @Test
    void autoTestFramesRenderAloneThenTheTaskAwaitsApprovalWithItsEstimateAndApprovalReleasesTheRest() {
        Map<String, Object> body = TaskApi.request(FileServiceStandIn.upload(user, "test.ma"), "1-9", tier);
        body.put("testFrames", "auto");
        body.put("approveAfterTest", true);
        UUID id = api.submitQueued(user, body);
        assertThat(api.frames(user, id, 0, 100).getList("items.findAll { it.test }.number", Integer.class))
                .containsExactly(1, 5, 9);

        // Nine free slots, but only the test frames go while the task tests.
        farm.heartbeat(agent, tier, 9, List.of());
        List<FrameJob> tests = farm.jobsSettled(id, tier, 3);
        assertThat(tests).extracting(j -> j.frames().start()).containsExactly(1, 5, 9);
        assertThat(api.get(user, id).getString("status")).isEqualTo("TESTING");

        farm.heartbeat(agent, tier, 9, List.of());
        tests.forEach(job -> farm.render(agent, job, 10.0));
        JsonPath waiting = api.awaitStatus(user, id, "AWAITING_APPROVAL");
        // 9 frames of 10 s at the tier's 1.8 CNY per node hour: 90 / 3600 * 1.8; the pool's 9 slots render them in one wave.
        assertThat(new BigDecimal(waiting.getString("estimate.cost"))).isEqualByComparingTo("0.045");
        assertThat(waiting.getString("estimate.currency")).isEqualTo("CNY");
        assertThat(waiting.getLong("estimate.seconds")).isEqualTo(10);
        assertThat(farm.notifications(user, n -> id.equals(n.taskId())
                        && Notification.Kind.TASK_AWAITING_APPROVAL.equals(n.kind())))
                .singleElement().satisfies(n -> {
                    assertThat(n.level()).isEqualTo(Notification.Level.INFO);
                    assertThat(n.title()).isEqualTo("Test frames ready: approval needed");
                    assertThat(n.message()).contains("0.0450 CNY, about 10 s").contains("approve it to render the other 6 frames");
                });

        // Waiting for approval: the free slots take nothing more of it.
        farm.heartbeat(agent, tier, 9, List.of());
        assertThat(farm.jobsSettled(id, tier, 3)).hasSize(3);
        assertThat(api.frameStatuses(user, id)).containsExactly("SUCCEEDED", "WAITING", "WAITING", "WAITING", "SUCCEEDED",
                "WAITING", "WAITING", "WAITING", "SUCCEEDED");

        api.command(user, id, "approve").statusCode(200).body("status", equalTo("RENDERING"));
        // A real agent beats every few seconds; this one only when told, so its last beat may have aged past the
        // heartbeat timeout during the steps above on a slow machine.
        farm.heartbeat(agent, tier, 9, List.of());
        List<FrameJob> all = farm.jobsSettled(id, tier, 9);
        assertThat(all).hasSize(9);
        assertThat(all.subList(3, 9)).extracting(j -> j.frames().start()).containsExactly(2, 3, 4, 6, 7, 8);
        assertThat(all.subList(3, 9)).extracting(FrameJob::attempt).containsOnly(1);
        api.command(user, id, "approve").statusCode(422).body("errors.field", hasItem("status"));
    }

    @Test
    void aTestFrameThatCannotRenderFailsATaskThatStopsAfterItsTestAndSkipsTheOtherFrames() {
        Map<String, Object> body = TaskApi.request(FileServiceStandIn.upload(user, "broken.ma"), "1-5", tier);
        body.put("testFrames", "3");
        body.put("stopAfterTest", true);
        UUID id = api.submitQueued(user, body);

        farm.heartbeat(agent, tier, 5, List.of());
        List<FrameJob> tests = farm.jobsSettled(id, tier, 1);
        assertThat(tests).singleElement().satisfies(job -> assertThat(job.frames().start()).isEqualTo(3));
        farm.fail(agent, tests.getFirst(), "plug-in mtoa is missing", false);

        JsonPath failed = api.awaitStatus(user, id, "FAILED");
        assertThat(failed.getString("failureReason")).contains("test").contains("frame 3").contains("plug-in mtoa is missing");
        assertThat(api.frameStatuses(user, id)).containsExactly("SKIPPED", "SKIPPED", "DEAD", "SKIPPED", "SKIPPED");
        farm.heartbeat(agent, tier, 5, List.of());
        assertThat(farm.jobsSettled(id, tier, 1)).hasSize(1);
    }

    @Test
    void testFramesOutsideTheTasksFramesAreRefusedAndNoTaskIsCreated() {
        Map<String, Object> body = TaskApi.request(FileServiceStandIn.upload(user, "shot.ma"), "1-10", tier);
        body.put("testFrames", "11");
        api.as(user).contentType(ContentType.JSON).body(body).post("/api/tasks")
                .then().statusCode(422).contentType("application/problem+json").body("errors.field", hasItem("testFrames"));
        assertThat(farm.count("SELECT count(*) FROM task.task WHERE user_id = ?", user)).isZero();
    }
}
