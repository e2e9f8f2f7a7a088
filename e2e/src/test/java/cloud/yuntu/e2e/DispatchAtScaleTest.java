package cloud.yuntu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.local.LocalFarm;
import cloud.yuntu.e2e.dispatchload.RecordSizes;
import cloud.yuntu.testsupport.TestTokens;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A task of 100,000 frames, the most a user may submit, dispatched to simulated agents in this JVM (each a share
 * consumer of its own in the lane's group, reporting as the agent does; {@code dispatchload.AgentFleet}) by the
 * farm's real task-service: it completes with every frame SUCCEEDED exactly once, the task view's counts are exact,
 * and nothing it made task-service publish (the submission's analysis request, 100,000 jobs, the task events,
 * frame events) comes near Kafka's record limit. {@code ./yuntu bench dispatch} runs the same load with more agents
 * and prints its figures; this test prints its time.
 *
 * <p>Runs in every test run: about 3 minutes for the task on the 2-core machine (192 s from submission, 582 frames a
 * second steady, on 2026-12-05), with task-service applying each poll of frame reports set-based.
 */
@ExtendWith({FarmUnderTest.class, FarmLogsOnFailure.class})
class DispatchAtScaleTest {

    private static final int FRAMES = 100_000;
    private static final int AGENTS = 50;
    private static final int SLOTS = 4;

    @Test
    void aTaskOfAHundredThousandFramesCompletesEveryFrameOnceWithNoRecordNearKafkasLimit(LocalFarm farm) throws Exception {
        TestTokens tokens = TestTokens.of(farm.secrets().tokenKeys(), LocalFarm.ISSUER);
        // No warm-up: the test is about the end state, and the whole test run has its time limit.
        DispatchLoad.Setup setup = new DispatchLoad.Setup("dispatch-e2e", AGENTS, SLOTS, FRAMES, Duration.ofMinutes(2),
                Duration.ofMinutes(10), 0);
        DispatchLoad.Outcome outcome = DispatchLoad.run(farm, tokens, setup, DispatchLoad.Reading.NONE, System.out);
        System.out.printf(Locale.ROOT, "%,d frames on %d agents of %d slots: %s in %.1f s from submission (steady %.0f frames/s, "
                        + "hand-off p50 %.1f ms, p99 %.1f ms)%n", FRAMES, AGENTS, SLOTS, outcome.finalView.getString("status"),
                outcome.runSeconds, outcome.window == null ? Double.NaN : outcome.window.perSecond(),
                outcome.steadyHandOffs.percentileMillis(0.5),
                outcome.steadyHandOffs.percentileMillis(0.99));
        outcome.records.forEach(r -> System.out.printf(Locale.ROOT, "  %-40s %,9d records, largest %,7d B (limit %,d B)%n",
                r.topic(), r.records(), r.largest(), r.limit()));

        assertThat(outcome.problems).as("what the run found wrong").isEmpty();
        assertThat(outcome.finalView.getString("status")).isEqualTo("COMPLETED");
        assertThat(outcome.finalView.getInt("progress.framesDone")).isEqualTo(FRAMES);
        assertThat(outcome.finalView.getInt("progress.framesTotal")).isEqualTo(FRAMES);
        assertThat(outcome.finalView.getInt("progress.framesFailed")).isZero();
        assertThat(outcome.framesSucceededInApi).isEqualTo(FRAMES);
        assertThat(outcome.records).as("topics read back").isNotEmpty()
                .anySatisfy(r -> assertThat(r.topic()).isEqualTo("farm.frame-jobs.dispatch-e2e." + DispatchLoad.RENDERER))
                .allSatisfy(r -> assertThat(r.largest() + RecordSizes.OVERHEAD).as(r.topic()).isLessThanOrEqualTo(r.limit()));
        assertThat(outcome.records.stream().filter(r -> r.topic().startsWith("farm.frame-jobs.dispatch-e2e")).mapToLong(
                RecordSizes.TopicRecords::records).sum()).as("jobs released").isGreaterThanOrEqualTo(FRAMES);
        assertThat(outcome.recordTooLargeInLogs).as("RecordTooLarge in the farm's logs").isZero();

        // The shared farm goes on with other tests: the task and its frames go.
        new TaskApi(farm.url(FarmService.TASK).toString(), tokens.user("dispatch-load")).request()
                .delete("/api/tasks/" + outcome.taskId).then().statusCode(204);
    }
}
