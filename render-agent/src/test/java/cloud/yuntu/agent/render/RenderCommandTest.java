package cloud.yuntu.agent.render;

import static cloud.yuntu.agent.TestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.agent.TestJobs;
import cloud.yuntu.agent.render.renderer.RenderResources;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameRange;
import cloud.yuntu.contracts.frame.Resolution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderCommandTest {

    @Test
    void buildsMayasBatchRenderLineWithEveryFlag() {
        FrameJob job = job("arnold", new FrameRange(10, 20, 2), "shotCam", "beauty", new Resolution(1920, 1080),
                "exr", "shot010");

        RenderCommand command = RenderCommand.forJob(job, "node-7", Path.of("/w/scene/shot.ma"), Path.of("/w/images"),
                "/usr/autodesk/maya2026/bin/Render", false);

        assertThat(command.command()).containsExactly("/usr/autodesk/maya2026/bin/Render",
                "-r", "arnold", "-proj", "/w/scene", "-s", "10", "-e", "20", "-b", "2", "-pad", "4", "-rd", "/w/images",
                "-im", "shot010", "-of", "exr", "-x", "1920", "-y", "1080", "-cam", "shotCam", "-rl", "beauty",
                "-ai:lve", "2", "-ai:alf", "true", "/w/scene/shot.ma");
    }

    @Test
    void leavesOutWhatTheJobDoesNotSetAndNamesImagesAfterTheScene() {
        FrameJob job = job("mayaSoftware", FrameRange.single(7), null, " ", null, null, null);

        List<String> flags = RenderCommand.mayaFlags(job, Path.of("/w/scene/shot.ma"), Path.of("/w/images"),
                RenderResources.DEFAULT);

        assertThat(flags).containsExactly("-r", "sw", "-proj", "/w/scene", "-s", "7", "-e", "7", "-b", "1", "-pad", "4",
                "-rd", "/w/images", "-im", "shot", "-of", "png", "/w/scene/shot.ma");
    }

    @Test
    void simulateRunsTheSimulatorOnThisJdkWithTheSameFlags() {
        FrameJob job = job("simulate", new FrameRange(1, 3, 1), "cam", null, new Resolution(64, 32), "png", "img");

        List<String> command = RenderCommand.forJob(job, "node-7", Path.of("/w/s.ma"), Path.of("/w/out"), "Render", true).command();

        assertThat(command.getFirst()).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        int main = command.indexOf("cloud.yuntu.agent.simulate.SimulatedRender");
        assertThat(main).isPositive();
        assertThat(command.subList(main + 1, command.size()))
                .isEqualTo(RenderCommand.mayaFlags(job, Path.of("/w/s.ma"), Path.of("/w/out"), RenderResources.DEFAULT));
        List<String> classpath = List.of(command.get(command.indexOf("-cp") + 1).split(java.io.File.pathSeparator));
        assertThat(Path.of(classpath.getFirst()).resolve("cloud/yuntu/agent/simulate/SimulatedRender.class"))
                .satisfiesAnyOf(p -> assertThat(Files.isRegularFile(p)).isTrue(),
                        p -> assertThat(classpath.getFirst()).endsWith(".jar"));
        // OpenEXR images are written through LWJGL's tinyexr: its jars and their Linux natives come along.
        assertThat(classpath).allSatisfy(entry -> assertThat(Path.of(entry)).exists())
                .anyMatch(entry -> entry.endsWith("lwjgl-3.3.6.jar"))
                .anyMatch(entry -> entry.endsWith("lwjgl-tinyexr-3.3.6.jar"))
                .anyMatch(entry -> entry.endsWith("lwjgl-3.3.6-natives-linux.jar"))
                .anyMatch(entry -> entry.endsWith("lwjgl-tinyexr-3.3.6-natives-linux.jar"));
        assertThat(command).contains("--enable-native-access=ALL-UNNAMED");
    }

    @Test
    void aSimulatedMayaRendererKeepsMayasFlagsAndOnlyTheExecutableChanges() {
        FrameJob job = job("redshift", new FrameRange(1, 2, 1), "|rig:shotCam", "rs_fg", new Resolution(64, 32), "exr",
                "<RenderLayer>/<Scene>_<Camera>");

        List<String> real = RenderCommand.forJob(job, "node-7", Path.of("/w/s.ma"), Path.of("/w/out"), "Render", false).command();
        List<String> simulated = RenderCommand.forJob(job, "node-7", Path.of("/w/s.ma"), Path.of("/w/out"), "Render", true).command();

        assertThat(real.subList(1, real.size())).containsExactly("-r", "redshift", "-proj", "/w", "-s", "1", "-e", "2", "-b", "1",
                "-pad", "4", "-rd", "/w/out", "-im", "<RenderLayer>/<Scene>_<Camera>", "-x", "64",
                "-y", "32", "-cam", "|rig:shotCam", "-rl", "rs_fg", "/w/s.ma");
        int main = simulated.indexOf("cloud.yuntu.agent.simulate.SimulatedRender");
        assertThat(simulated.subList(main + 1, simulated.size())).isEqualTo(real.subList(1, real.size()));
    }

    @Test
    void everyRendererIsToldItsAgentTaskFrameAndAttemptInItsEnvironment() {
        FrameJob job = TestJobs.withAttempt(job("arnold", FrameRange.single(1), null, null, null, null, null), 3);
        Map<String, String> expected = Map.of("YUNTU_AGENT_ID", "node-7", "YUNTU_TASK_ID", job.taskId().toString(),
                "YUNTU_FRAME_ID", job.frameId().toString(), "YUNTU_FRAME_ATTEMPT", "3");

        for (boolean simulated : List.of(false, true)) {
            RenderCommand command = RenderCommand.forJob(job, "node-7", Path.of("/w/s.ma"), Path.of("/w/out"), "Render",
                    simulated);

            assertThat(command.environment()).as("simulated " + simulated).isEqualTo(expected);
        }
    }

    @Test
    void aRendererInAGpuSlotSeesOnlyThatSlotsGpusInNvidiaSmisOrder() {
        FrameJob job = job("redshift", FrameRange.single(1), null, null, null, null, null);

        for (boolean simulated : List.of(false, true)) {
            RenderCommand command = RenderCommand.forJob(job, "node-7", Path.of("/w/s.ma"), Path.of("/w/out"), "Render",
                    simulated, new RenderResources(0, List.of(2, 3)));

            assertThat(command.environment()).as("simulated " + simulated)
                    .containsEntry("CUDA_VISIBLE_DEVICES", "2,3").containsEntry("CUDA_DEVICE_ORDER", "PCI_BUS_ID")
                    .containsEntry("YUNTU_AGENT_ID", "node-7");
            assertThat(command.command()).containsSequence("-gpu", "{0,1}");
        }
        assertThat(RenderCommand.forJob(job, "node-7", Path.of("/w/s.ma"), Path.of("/w/out"), "Render", false,
                RenderResources.DEFAULT).environment()).doesNotContainKeys("CUDA_VISIBLE_DEVICES", "CUDA_DEVICE_ORDER");
    }

    @Test
    void theLoggedCommandLineEscapesWhatAJobNames() {
        FrameJob job = job("arnold", FrameRange.single(1), "cam", "fg\n// Error: forged", null, null, "x");

        String line = RenderCommand.forJob(job, "node-7", Path.of("/w/s.ma"), Path.of("/w/out"), "Render", false).forLog();

        assertThat(line).doesNotContain("\n").contains("-rl fg\\n// Error: forged");
    }
}
