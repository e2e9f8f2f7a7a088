package cloud.yuntu.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.agent.TestJobs;
import cloud.yuntu.agent.heartbeat.InstalledRenderers;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameRange;
import cloud.yuntu.contracts.frame.Resolution;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobCheckTest {

    private final JobCheck check = new JobCheck(new InstalledRenderers(List.of("arnold", "mayaSoftware"), "2026", false,
            true), "node-7");

    private static FrameJob job(String renderer, String camera, String layer, String prefix) {
        return TestJobs.job(renderer, FrameRange.single(1), camera, layer, new Resolution(64, 48), "png", prefix);
    }

    @Test
    void aJobOfAnInstalledRendererWithPlainNamesRuns() {
        assertThat(check.refusal(job("arnold", "|rig:shotCam", "rs_fg", "<RenderLayer>/<Scene>_<Camera>"))).isEmpty();
        assertThat(check.refusal(job("simulate", null, null, null))).isEmpty();
    }

    @Test
    void aRendererTheAgentLacksIsRefusedForAnotherAgentToRender() {
        assertThat(check.refusal(job("vray", null, null, null))).hasValue(new JobCheck.Refusal(
                "renderer vray is not installed on agent node-7 (it has arnold, mayaSoftware, simulate)", true));
        assertThat(check.refusal(job(null, null, null, null))).get().extracting(JobCheck.Refusal::retryable)
                .isEqualTo(true);
    }

    @Test
    void aJobNamingThisAgentAsBlocklistedIsRefusedForAnotherAgentToRender() {
        FrameJob job = job("arnold", null, null, null);

        assertThat(check.refusal(TestJobs.excluding(job, "node-3", "node-7"))).hasValue(new JobCheck.Refusal(
                "agent node-7 is blocklisted for task " + job.taskId(), true));
        assertThat(check.refusal(TestJobs.excluding(job("vray", "cam\n", null, null), "node-7"))).get()
                .extracting(JobCheck.Refusal::reason).asString().as("checked first, whatever else the job holds")
                .startsWith("agent node-7 is blocklisted for task ");
        assertThat(check.refusal(TestJobs.excluding(job, "node-3", "node-70", "Node-7"))).isEmpty();
        assertThat(job.excludedAgents()).isEmpty();
    }

    @Test
    void controlCharactersInANameAreRefusedForGoodAndEscapedInTheReason() {
        assertThat(check.refusal(job("arnold", "cam\n// Error: forged", null, null))).hasValue(new JobCheck.Refusal(
                "job field camera holds control characters: cam\\n// Error: forged", false));
        assertThat(check.refusal(job("arnold", null, "fg\u0000", null))).get().extracting(JobCheck.Refusal::reason)
                .isEqualTo("job field layer holds control characters: fg\\u0000");
        assertThat(check.refusal(job("arnold", null, null, "a\rb"))).get().extracting(JobCheck.Refusal::retryable)
                .isEqualTo(false);
    }

    @Test
    void aPrefixOutOfTheRenderDirectoryIsRefusedForGood() {
        for (String prefix : List.of("../x", "<Scene>/../../x", ".hidden/<Scene>", "/tmp/<Scene>")) {
            assertThat(check.refusal(job("arnold", null, null, prefix))).as(prefix).get()
                    .extracting(JobCheck.Refusal::retryable).isEqualTo(false);
        }
    }
}
