package cloud.yuntu.task.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An agent serving several pools spends its free slots once for all of them. Against the real
 * broker and database, with the agent played by the test.
 */
@QuarkusTest
class SharedSlotsDispatchTest extends FarmTest {

    @Test
    void anAgentInTwoPoolsWithTwoFreeSlotsGetsTwoJobsInAllAndTheRestFollowAsTheyComplete() {
        String poolA = farm.isolatedTier();
        String poolB = farm.isolatedTier();
        UUID taskA = api.submitQueued(TaskApi.request(FileServiceStandIn.upload("a.ma"), "1-3", poolA));
        UUID taskB = api.submitQueued(TaskApi.request(FileServiceStandIn.upload("b.ma"), "1-3", poolB));
        String agent = "agent-" + UUID.randomUUID();
        farm.heartbeat(agent, List.of(poolA, poolB), 2, List.of(), List.of("simulate"));

        List<FrameJob> renderedA = new ArrayList<>();
        List<FrameJob> renderedB = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            // Several dispatcher passes had the chance to release more: counted per pool, 2 free
            // slots would have become 2 jobs in each lane.
            List<FrameJob> jobsA = farm.jobsSettled(taskA, poolA, round);
            List<FrameJob> jobsB = farm.jobsSettled(taskB, poolB, round);
            assertThat(jobsA.size() + jobsB.size()).as("jobs released for the agent's 2 slots by round " + round)
                    .isEqualTo(2 * round);
            assertThat(jobsA).as("the lanes take turns").hasSize(round);
            assertThat(farm.count("""
                    SELECT count(*) FROM task.frame WHERE task_id IN (?, ?) AND status IN ('DISPATCHED', 'RUNNING')""",
                    taskA, taskB)).as("in flight at once").isEqualTo(2);
            jobsA.stream().skip(renderedA.size()).forEach(job -> {
                assertThat(job.pool()).isEqualTo(poolA);
                farm.render(agent, job, 10);
                renderedA.add(job);
            });
            jobsB.stream().skip(renderedB.size()).forEach(job -> {
                assertThat(job.pool()).isEqualTo(poolB);
                farm.render(agent, job, 10);
                renderedB.add(job);
            });
            farm.heartbeat(agent, List.of(poolA, poolB), 2, List.of(), List.of("simulate"));
        }

        api.awaitStatus(TaskApi.DEFAULT_USER, taskA, "COMPLETED");
        api.awaitStatus(TaskApi.DEFAULT_USER, taskB, "COMPLETED");
        assertThat(renderedA).extracting(j -> j.frames().start()).containsExactly(1, 2, 3);
        assertThat(renderedB).extracting(j -> j.frames().start()).containsExactly(1, 2, 3);
    }
}
