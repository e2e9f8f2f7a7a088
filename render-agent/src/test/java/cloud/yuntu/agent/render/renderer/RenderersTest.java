package cloud.yuntu.agent.render.renderer;

import static cloud.yuntu.agent.TestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.agent.render.log.FrameSequence;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameRange;
import cloud.yuntu.contracts.frame.Resolution;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderersTest {

    private static final Path SCENE = Path.of("/w/scene/shot.ma");
    private static final Path IMAGES = Path.of("/w/images");
    private static final RenderResources NODE = new RenderResources(16, 2);

    private static List<String> flags(String renderer, RenderResources resources) {
        FrameJob job = job(renderer, new FrameRange(1, 10, 1), "cam", "fg", new Resolution(1920, 1080), "exr", "shot");
        return Renderers.of(renderer).flags(new RenderRequest(job, SCENE, IMAGES, resources));
    }

    private static List<String> common(String renderFlag, boolean outputFormat) {
        List<String> before = List.of("-r", renderFlag, "-proj", "/w/scene", "-s", "1", "-e", "10", "-b", "1", "-pad", "4",
                "-rd", "/w/images", "-im", "shot");
        List<String> after = List.of("-x", "1920", "-y", "1080", "-cam", "cam", "-rl", "fg");
        return outputFormat ? concat(before, List.of("-of", "exr"), after) : concat(before, after);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }

    @Test
    void arnoldLogsAtInfoAbortsOnALicenceFailureAndTakesTheThreadCount() {
        assertThat(flags("arnold", NODE)).isEqualTo(concat(common("arnold", true),
                List.of("-ai:lve", "2", "-ai:alf", "true", "-ai:threads", "16", SCENE.toString())));
        assertThat(flags("arnold", RenderResources.DEFAULT)).doesNotContain("-ai:threads");
    }

    @Test
    void vrayTakesNoOutputFormatAndGetsItsLogLevelAndThreadsBeforeTheRender() {
        assertThat(flags("vray", NODE)).isEqualTo(concat(common("vray", false), List.of("-preRender",
                "setAttr vraySettings.sys_message_level 4; setAttr vraySettings.sys_max_threads 16;", SCENE.toString())));
        assertThat(flags("vray", RenderResources.DEFAULT)).contains("setAttr vraySettings.sys_message_level 4;");
    }

    @Test
    void redshiftRendersOnTheNodesGpus() {
        assertThat(flags("redshift", NODE)).isEqualTo(concat(common("redshift", false), List.of("-gpu", "{0,1}", SCENE.toString())));
        assertThat(flags("redshift", RenderResources.DEFAULT)).doesNotContain("-gpu");
    }

    @Test
    void redshiftCountsTheSlotsGpusFromZeroAsCudaShowsThemToItsProcess() {
        // The slot of devices 2 and 3: CUDA_VISIBLE_DEVICES=2,3 makes them devices 0 and 1 inside the process.
        assertThat(flags("redshift", new RenderResources(0, List.of(2, 3)))).containsSequence("-gpu", "{0,1}");
        assertThat(flags("redshift", new RenderResources(0, List.of(5)))).containsSequence("-gpu", "{0}");
    }

    @Test
    void renderManTakesMayasCommonFlags() {
        assertThat(flags("renderman", NODE)).isEqualTo(concat(common("renderman", false), List.of(SCENE.toString())));
    }

    @Test
    void mayasOwnRenderersGoByTheirRenderNames() {
        assertThat(flags("mayaSoftware", NODE)).isEqualTo(concat(common("sw", true), List.of("-n", "16", SCENE.toString())));
        assertThat(flags("mayaHardware2", NODE)).isEqualTo(concat(common("hw2", true), List.of(SCENE.toString())));
    }

    @Test
    void anyOtherRendererGetsMayasCommonFlagsUnderItsOwnName() {
        assertThat(flags("simulate", NODE)).isEqualTo(concat(common("simulate", true), List.of(SCENE.toString())));
        assertThat(flags("prman2", NODE)).startsWith("-r", "prman2");
        assertThat(Renderers.of("simulate").log(new FrameSequence(1, 1, 1)).accept("00:00:01  1MB  | 50% done - 1 rays/pixel"))
                .as("the simulator talks like Arnold").isNotEmpty();
    }

    @Test
    void everyArgumentIsOneElementWithoutShellQuoting() {
        FrameJob job = job("arnold", FrameRange.single(1), "|rig:cam one", "my layer", null, null, "a b/<Scene>");

        List<String> flags = Renderers.of("arnold").flags(new RenderRequest(job, Path.of("/w/my scene.ma"), IMAGES, NODE));

        assertThat(flags).contains("|rig:cam one", "my layer", "a b/<Scene>", "/w/my scene.ma");
    }
}
