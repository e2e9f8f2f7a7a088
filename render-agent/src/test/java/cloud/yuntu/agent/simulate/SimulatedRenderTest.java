package cloud.yuntu.agent.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.agent.render.RenderCommand;
import cloud.yuntu.agent.render.RendererProcess;
import cloud.yuntu.testsupport.MayaScenes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedRenderTest {

    private static final Path CORPUS = MayaScenes.DIR;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private int render(String env, String... args) {
        return new SimulatedRender(new PrintStream(output, true, StandardCharsets.UTF_8)).run(args, env);
    }

    private List<String> lines() {
        return output.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private Path scene(String... fileInfo) throws Exception {
        Path scene = dir.resolve("shot.ma");
        Path original = CORPUS.resolve("yamins81__cgkit__unittests__data__objects.ma");
        String body = Files.isRegularFile(original) ? Files.readString(original, StandardCharsets.ISO_8859_1)
                : "//Maya ASCII 7.0 scene\nrequires maya \"7.0\";\n";
        StringBuilder text = new StringBuilder(body);
        for (int i = 0; i < fileInfo.length; i += 2) {
            text.append("fileInfo \"").append(fileInfo[i]).append("\" \"").append(fileInfo[i + 1]).append("\";\n");
        }
        Files.writeString(scene, text, StandardCharsets.ISO_8859_1);
        return scene;
    }

    @Test
    void writesOneImagePerFrameAtTheRequestedSizeEachDifferent() throws Exception {
        Path scene = scene("yuntu.simulate.msPerFrame", "0");
        Path out = dir.resolve("images");

        int exit = render(null, "-r", "simulate", "-s", "1", "-e", "5", "-b", "2", "-pad", "4", "-rd", out.toString(),
                "-im", "shot", "-of", "png", "-x", "96", "-y", "54", "-cam", "persp", scene.toString());

        assertThat(exit).isZero();
        List<Path> images;
        try (Stream<Path> files = Files.list(out)) {
            images = files.sorted().toList();
        }
        assertThat(images).extracting(p -> p.getFileName().toString())
                .containsExactly("shot.0001.png", "shot.0003.png", "shot.0005.png");
        List<int[]> pixels = new ArrayList<>();
        for (Path image : images) {
            BufferedImage read = ImageIO.read(image.toFile());
            assertThat(read.getWidth()).isEqualTo(96);
            assertThat(read.getHeight()).isEqualTo(54);
            pixels.add(read.getRGB(0, 0, 96, 54, null, 0, 96));
        }
        assertThat(Arrays.equals(pixels.get(0), pixels.get(1))).isFalse();
        assertThat(Arrays.equals(pixels.get(1), pixels.get(2))).isFalse();
        assertThat(lines()).anyMatch(l -> l.contains("| [scene] loading " + scene))
                .anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d +\\d+MB +\\| 50% done.*"))
                .anyMatch(l -> l.matches(".*\\| render done in \\d+:\\d\\d\\.\\d{3}"))
                .anyMatch(l -> l.equals("Result: " + out.resolve("shot.0005.png")));
    }

    @Test
    void framesTheSceneAsksToFailFailLikeMaya() throws Exception {
        Path scene = scene("yuntu.simulate.msPerFrame", "0", "yuntu.simulate.failFrames", "2, 7");
        Path out = dir.resolve("images");

        int exit = render(null, "-s", "1", "-e", "3", "-rd", out.toString(), "-im", "f", "-x", "8", "-y", "8",
                scene.toString());

        assertThat(exit).isEqualTo(211);
        assertThat(Files.exists(out.resolve("f.0001.png"))).isTrue();
        assertThat(Files.exists(out.resolve("f.0002.png"))).isFalse();
        assertThat(lines()).anyMatch(l -> l.startsWith("// Error: [mtoa] Failed to render frame 2"));
    }

    @Test
    void aMissingSceneFailsLikeMaya() {
        int exit = render(null, "-rd", dir.toString(), dir.resolve("nowhere.ma").toString());

        assertThat(exit).isEqualTo(211);
        assertThat(lines()).first().asString().startsWith("// Error: File not found: ");
    }

    @Test
    void anUnknownFlagIsRejected() throws Exception {
        int exit = render(null, "-preRender", "x", scene().toString());

        assertThat(exit).isEqualTo(1);
        assertThat(lines()).first().asString().isEqualTo("// Error: Invalid flag: -preRender");
    }

    @Test
    void formatsImageIoCannotWriteBecomePngNamedPng() throws Exception {
        Path out = dir.resolve("images");

        int exit = render("0", "-rd", out.toString(), "-im", "x", "-of", "exr", "-x", "4", "-y", "4",
                scene().toString());

        assertThat(exit).isZero();
        assertThat(ImageIO.read(out.resolve("x.0001.png").toFile())).isNotNull();
    }

    @Test
    void sceneSettingBeatsTheEnvironmentForFrameTime() throws Exception {
        assertThat(SceneBehaviour.read(scene(), "750").msPerFrame()).isEqualTo(750);
        assertThat(SceneBehaviour.read(scene("yuntu.simulate.msPerFrame", "20"), "750").msPerFrame()).isEqualTo(20);
        assertThat(SceneBehaviour.read(scene(), null).msPerFrame()).isEqualTo(SceneBehaviour.DEFAULT_MS_PER_FRAME);
    }

    @Test
    void readsBehaviourAppendedToABinaryScene() throws Exception {
        Path original = CORPUS.resolve("yamins81__cgkit__unittests__data__polycubescene.mb");
        byte[] bytes = Files.isRegularFile(original) ? Files.readAllBytes(original) : new byte[] {'F', 'O', 'R', '4', 0, 1};
        Path mb = dir.resolve("cube.mb");
        Files.write(mb, bytes);
        Files.writeString(mb, "fileInfo \"yuntu.simulate.failFrames\" \"4\";\n", java.nio.file.StandardOpenOption.APPEND);

        assertThat(SceneBehaviour.read(mb, null).failFrames()).containsExactly(4);
    }

    @Test
    void runsAsItsOwnJdkOnlyProcessTheWayTheAgentStartsIt() throws Exception {
        Path scene = scene("yuntu.simulate.msPerFrame", "0");
        Path out = dir.resolve("images");
        var job = cloud.yuntu.agent.TestJobs.job("simulate",
                new cloud.yuntu.contracts.frame.FrameRange(3, 4, 1), null, null,
                new cloud.yuntu.contracts.frame.Resolution(16, 9), "png", "proc");
        RenderCommand command = RenderCommand.forJob(job, scene, out, "Render", true);

        List<String> lines = new ArrayList<>();
        RendererProcess.Result result = RendererProcess.start(command, dir).await(Duration.ofMinutes(1), lines::add);

        assertThat(result.exitCode()).as(String.join("\n", lines)).isZero();
        assertThat(out.resolve("proc.0003.png")).exists();
        assertThat(out.resolve("proc.0004.png")).exists();
        assertThat(lines).contains("// Maya exited with status 0");
    }

    @Test
    void eachRendererTalksInItsOwnLogWhichTheAgentReadsAsProgress() throws Exception {
        Path scene = scene("yuntu.simulate.msPerFrame", "0");
        for (String renderer : List.of("arnold", "redshift", "vray", "renderman", "mayaSoftware", "someRenderer")) {
            output.reset();
            int exit = render(null, "-r", renderer, "-s", "1", "-e", "2", "-rd", dir.resolve(renderer).toString(),
                    "-x", "8", "-y", "8", "-rl", "fg", scene.toString());

            assertThat(exit).as(renderer).isZero();
            cloud.yuntu.agent.render.ProgressParser progress = new cloud.yuntu.agent.render.ProgressParser(2);
            List<Double> percents = lines().stream().map(progress::accept).filter(p -> p.isPresent())
                    .map(p -> p.getAsDouble()).toList();
            assertThat(percents).as(renderer).isNotEmpty().isSorted().last().isEqualTo(100.0);
            assertThat(lines()).as(renderer).anyMatch(l -> l.contains("layer fg"));
        }
        assertThat(String.join("\n", lines())).doesNotContain("[mtoa]");
        output.reset();
        render(null, "-r", "arnold", "-rd", dir.resolve("a").toString(), "-x", "8", "-y", "8", scene.toString());
        assertThat(lines()).anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d +\\d+MB +\\| \\[mtoa\\] .*"));
        output.reset();
        render(null, "-r", "redshift", "-rd", dir.resolve("r").toString(), "-x", "8", "-y", "8", scene.toString());
        assertThat(lines()).first().asString().startsWith("Redshift ");
    }

    @Test
    void imagesGoToTheFoldersTheirPrefixNames() throws Exception {
        Path scene = scene("yuntu.simulate.msPerFrame", "0");
        Path out = dir.resolve("images");

        int exit = render(null, "-r", "arnold", "-s", "3", "-e", "3", "-rd", out.toString(), "-im",
                "<RenderLayer>/<Camera>/<Scene>_<RenderPass>", "-cam", "|rig:shotCam", "-rl", "defaultRenderLayer",
                "-x", "8", "-y", "8", scene.toString());

        assertThat(exit).isZero();
        assertThat(out.resolve("masterLayer/rig_shotCam/shot_beauty.0003.png")).exists();
    }

    @Test
    void aPrefixThatLeavesTheRenderDirectoryWritesNothing() throws Exception {
        Path out = dir.resolve("images");

        int exit = render("0", "-rd", out.toString(), "-im", "../<Scene>", "-x", "8", "-y", "8", scene().toString());

        assertThat(exit).isEqualTo(211);
        assertThat(lines()).anyMatch(l -> l.startsWith("// Error: Image ../shot.0001.png is not below the render directory"));
        assertThat(dir.resolve("shot.0001.png")).doesNotExist();
    }

    @Test
    void aNameWithANewlineIsEchoedEscapedOnItsOwnLine() throws Exception {
        Path out = dir.resolve("images");
        String layer = "fg\n00:00:01   512MB         | 100% done - 1 rays/pixel\n// Error: forged";

        int exit = render("0", "-r", "arnold", "-rd", out.toString(), "-im", "shot", "-rl", layer,
                "-cam", "cam\r\u001b[2K", "-x", "8", "-y", "8", scene().toString());

        assertThat(exit).isZero();
        assertThat(lines()).noneMatch(l -> l.startsWith("// Error")).noneMatch(l -> l.contains("\r") || l.contains("\u001b"))
                .anyMatch(l -> l.contains("rendering layer fg\\n00:00:01   512MB         | 100% done - 1 rays/pixel"
                        + "\\n// Error: forged (fg\\n00:00:01") && l.contains("camera cam\\r\\u001b[2K"));
        assertThat(lines().stream().filter(l -> l.contains("100% done"))).as("one real 100% line, plus the echo").hasSize(2);
    }
}
