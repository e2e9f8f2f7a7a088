package cloud.yuntu.agent.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.agent.TestJobs;
import cloud.yuntu.agent.render.ImageCheck;
import cloud.yuntu.agent.render.RenderCommand;
import cloud.yuntu.agent.render.log.FrameSequence;
import cloud.yuntu.agent.render.log.LogEvent;
import cloud.yuntu.agent.render.log.LogParsers;
import cloud.yuntu.agent.render.log.RendererLog;
import cloud.yuntu.agent.render.log.Verdict;
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
import java.util.Map;
import java.util.stream.Stream;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.nio.file.StandardOpenOption;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedRenderTest {

    private static final Path CORPUS = MayaScenes.DIR;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    /** @param env {@code YUNTU_SIMULATE_MS_PER_FRAME}, or null */
    private int render(String env, String... args) {
        return renderWith(env == null ? Map.of() : Map.of(SimulatedRender.ENV_MS_PER_FRAME, env), args);
    }

    private int renderWith(Map<String, String> env, String... args) {
        return new SimulatedRender(new PrintStream(output, true, StandardCharsets.UTF_8)).run(args, env);
    }

    /** The environment the agent gives the renderer of an attempt of a frame. */
    private static Map<String, String> agent(String agentId, int attempt) {
        return Map.of("YUNTU_AGENT_ID", agentId, "YUNTU_FRAME_ATTEMPT", Integer.toString(attempt),
                "YUNTU_TASK_ID", "7c1e6a52-0000-4000-8000-000000000001", "YUNTU_FRAME_ID",
                "7c1e6a52-0000-4000-8000-000000000002");
    }

    /** The reason and retryability the agent would report from this output ({@code FrameRunner}). */
    private Verdict readByTheAgent(String renderer, int exitCode) {
        RendererLog reader = LogParsers.of(renderer, new FrameSequence(1, 1, 0));
        lines().forEach(reader::accept);
        return reader.verdict(exitCode);
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
                .anyMatch(l -> l.endsWith("| [driver_png] writing file `" + out.resolve("shot.0005.png") + "'"));
    }

    @Test
    void helpersRunWithTheirChildrenWhileTheSceneRendersAndEndWithIt() throws Exception {
        String marker = "t" + System.nanoTime();
        Path scene = scene("yuntu.simulate.msPerFrame", "1500", "yuntu.simulate.helpers", marker);
        java.util.concurrent.CompletableFuture<Integer> exit = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                render(null, "-s", "1", "-e", "1", "-rd", dir.resolve("images").toString(), "-x", "8", "-y", "8",
                        scene.toString()));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> helpers(marker).size() == SimulatedRender.HELPERS);
        assertThat(helpers(marker)).allSatisfy(h -> assertThat(h.children().count()).isEqualTo(2));
        assertThat(lines()).filteredOn(l -> l.startsWith("[simulate] helper process ")).hasSize(SimulatedRender.HELPERS);

        assertThat(exit.get()).isZero();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> helpers(marker).isEmpty());
    }

    private static List<ProcessHandle> helpers(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("yuntu-helper-" + marker)).orElse(false))
                .toList();
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
    void blackEmptyAndTruncatedFramesAreWrittenBrokenAndTheRenderStillSucceeds() throws Exception {
        Path scene = scene("yuntu.simulate.msPerFrame", "0", "yuntu.simulate.blackFrames", "2",
                "yuntu.simulate.emptyFrames", "3", "yuntu.simulate.truncatedFrames", "4, 5");
        Path out = dir.resolve("images");

        int exit = render(null, "-s", "1", "-e", "5", "-rd", out.toString(), "-im", "f", "-x", "64", "-y", "36",
                scene.toString());
        int tiffExit = render(null, "-s", "4", "-e", "4", "-rd", out.toString(), "-im", "t", "-of", "tif", "-x", "64",
                "-y", "36", scene.toString());

        assertThat(exit).isZero();
        assertThat(tiffExit).isZero();
        assertThat(lines()).noneMatch(l -> l.contains("Error"));
        BufferedImage good = ImageIO.read(out.resolve("f.0001.png").toFile());
        assertThat(good.getRGB(0, 0) & 0xFFFFFF).isNotZero();
        BufferedImage black = ImageIO.read(out.resolve("f.0002.png").toFile());
        assertThat(black.getWidth()).isEqualTo(64);
        assertThat(black.getHeight()).isEqualTo(36);
        assertThat(Arrays.stream(black.getRGB(0, 0, 64, 36, null, 0, 64)).allMatch(argb -> (argb & 0xFFFFFF) == 0))
                .isTrue();
        assertThat(out.resolve("f.0003.png")).isEmptyFile();
        // Cut in half: the PNG signature and header are there, the pixels are not.
        long whole = Files.size(out.resolve("f.0001.png"));
        assertThat(Files.size(out.resolve("f.0004.png"))).isPositive().isLessThan(whole);
        assertThat(Files.readAllBytes(out.resolve("f.0004.png"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(ImageCheck.problem(out.resolve("f.0004.png"))).hasValueSatisfying(
                p -> assertThat(p).startsWith("cannot be decoded as PNG: "));
        assertThat(ImageCheck.problem(out.resolve("t.0004.tif"))).hasValueSatisfying(
                p -> assertThat(p).startsWith("cannot be decoded as TIFF: "));
        // What the agent's output check makes of each frame.
        assertThat(ImageCheck.problem(out.resolve("f.0001.png"))).isEmpty();
        assertThat(ImageCheck.problem(out.resolve("f.0002.png"))).contains("every pixel is black");
        assertThat(ImageCheck.problem(out.resolve("f.0003.png"))).contains("empty file");
    }

    @Test
    void failAttemptsLetsTheFramesFailOnlyOnTheirFirstAttempts() throws Exception {
        Path scene = scene("yuntu.simulate.msPerFrame", "0", "yuntu.simulate.failFrames", "2",
                "yuntu.simulate.failAttempts", "2");
        String[] args = {"-s", "1", "-e", "3", "-rd", dir.resolve("images").toString(), "-im", "f", "-x", "8", "-y", "8",
                scene.toString()};

        for (int attempt : List.of(1, 2)) {
            output.reset();
            assertThat(renderWith(agent("node-7", attempt), args)).as("attempt " + attempt).isEqualTo(211);
            assertThat(lines()).anyMatch(l -> l.startsWith("// Error: [mtoa] Failed to render frame 2: simulated failure"
                    + " requested by the scene (yuntu.simulate.failFrames, attempt " + attempt + ", failAttempts 2)"));
            assertThat(readByTheAgent("simulate", 211).retryable()).isTrue();
        }
        output.reset();
        assertThat(render("0", args)).as("run by hand: attempt 1").isEqualTo(211);
        output.reset();
        assertThat(renderWith(agent("node-7", 3), args)).as("attempt 3").isZero();
        assertThat(dir.resolve("images/f.0002.png")).exists();
        assertThat(lines()).noneMatch(l -> l.contains("Error"));
    }

    @Test
    void withoutFailAttemptsTheFramesFailOnEveryAttempt() throws Exception {
        Path scene = scene("yuntu.simulate.msPerFrame", "0", "yuntu.simulate.failFrames", "1");

        assertThat(renderWith(agent("node-7", 9), "-rd", dir.toString(), "-x", "8", "-y", "8", scene.toString()))
                .isEqualTo(211);
        assertThat(SceneBehaviour.read(scene, null).failAttempts()).isNull();
    }

    @Test
    void onAnAgentOfFailOnAgentsEveryFrameFailsRetryablyLikeARenderError() throws Exception {
        Path scene = scene("yuntu.simulate.msPerFrame", "0", "yuntu.simulate.failOnAgents", "node-3, node-7");
        Path out = dir.resolve("images");

        int exit = renderWith(agent("node-7", 1), "-r", "arnold", "-s", "1", "-e", "2", "-rd", out.toString(), "-im", "f",
                "-x", "8", "-y", "8", scene.toString());

        assertThat(exit).isEqualTo(211);
        assertThat(out.resolve("f.0001.png")).doesNotExist();
        Verdict verdict = readByTheAgent("arnold", 211);
        assertThat(verdict.reason()).isEqualTo("[mtoa] Failed to render frame 1: out of memory (simulated failure of "
                + "agent node-7 requested by the scene, yuntu.simulate.failOnAgents)");
        assertThat(verdict.retryable()).as("retryable: another node may render it").isTrue();
        assertThat(lines()).last().asString().isEqualTo("// Error: Render failed on frame 1.");

        for (String renderer : List.of("redshift", "vray", "renderman", "mayaSoftware", "mayaHardware2", "other")) {
            output.reset();
            assertThat(renderWith(agent("node-3", 2), "-r", renderer, "-rd", dir.resolve(renderer).toString(), "-x", "8",
                    "-y", "8", scene.toString())).as(renderer).isEqualTo(211);
            Verdict other = readByTheAgent(renderer, 211);
            assertThat(other.reason()).as(renderer).contains("Failed to render frame 1: out of ");
            assertThat(other.retryable()).as(renderer).isTrue();
        }

        for (Map<String, String> env : List.of(agent("node-8", 1), Map.<String, String>of())) {
            output.reset();
            assertThat(renderWith(env, "-s", "1", "-e", "2", "-rd", out.toString(), "-im", "f", "-x", "8", "-y", "8",
                    scene.toString())).as(env.toString()).isZero();
        }
        assertThat(out.resolve("f.0002.png")).exists();
    }

    @Test
    void readsEveryKey() throws Exception {
        SceneBehaviour behaviour = SceneBehaviour.read(scene("yuntu.simulate.msPerFrame", "5", "yuntu.simulate.failFrames",
                "3,4", "yuntu.simulate.failAttempts", " 2 ", "yuntu.simulate.failOnAgents", "a, b,,c ",
                "yuntu.simulate.someday", "x", "yuntu.simulate.blackFrames", "1, 2", "yuntu.simulate.emptyFrames", "3",
                "yuntu.simulate.truncatedFrames", " 4,5 ", "yuntu.simulate.nanFrames", "2, 7"), null);

        assertThat(behaviour).isEqualTo(new SceneBehaviour(5, java.util.Set.of(3, 4), 2, java.util.Set.of("a", "b", "c"),
                java.util.Set.of(1, 2), java.util.Set.of(3), java.util.Set.of(4, 5), java.util.Set.of(2, 7)));
        assertThat(behaviour.image(1)).isEqualTo(SceneBehaviour.Image.BLACK);
        assertThat(behaviour.image(3)).isEqualTo(SceneBehaviour.Image.EMPTY);
        assertThat(behaviour.image(5)).isEqualTo(SceneBehaviour.Image.TRUNCATED);
        assertThat(behaviour.image(2)).as("NaN before black").isEqualTo(SceneBehaviour.Image.NAN);
        assertThat(behaviour.image(7)).isEqualTo(SceneBehaviour.Image.NAN);
        assertThat(behaviour.image(6)).isEqualTo(SceneBehaviour.Image.GOOD);
        assertThat(behaviour.failsFrame(3, 2)).isTrue();
        assertThat(behaviour.failsFrame(3, 3)).isFalse();
        assertThat(behaviour.failsFrame(5, 1)).isFalse();
        assertThat(behaviour.failsOnAgent("b")).isTrue();
        assertThat(behaviour.failsOnAgent("d")).isFalse();
        assertThat(behaviour.failsOnAgent(null)).isFalse();
    }

    @Test
    void aMissingSceneFailsLikeMaya() {
        int exit = render(null, "-rd", dir.toString(), dir.resolve("nowhere.ma").toString());

        assertThat(exit).isEqualTo(211);
        assertThat(lines()).first().asString().startsWith("// Error: File not found: ");
    }

    @Test
    void anUnknownFlagIsRejected() throws Exception {
        int exit = render(null, "-fnc", "3", scene().toString());

        assertThat(exit).isEqualTo(1);
        assertThat(lines()).first().asString().isEqualTo("// Error: Invalid flag: -fnc");
    }

    @Test
    void theRenderersOwnFlagsAreTakenAsTheRealRenderersTakeThem() throws Exception {
        Path scene = scene("yuntu.simulate.msPerFrame", "0");

        assertThat(render(null, "-r", "arnold", "-rd", dir.resolve("a").toString(), "-ai:lve", "2", "-ai:alf", "true",
                "-ai:threads", "4", "-x", "8", "-y", "8", scene.toString())).isZero();
        assertThat(render(null, "-r", "redshift", "-rd", dir.resolve("r").toString(), "-gpu", "{0,1}", "-x", "8", "-y", "8",
                scene.toString())).isZero();
        assertThat(render(null, "-r", "sw", "-rd", dir.resolve("s").toString(), "-n", "4", "-x", "8", "-y", "8",
                scene.toString())).isZero();
        assertThat(render(null, "-r", "vray", "-rd", dir.resolve("v").toString(), "-preRender",
                "setAttr vraySettings.sys_message_level 4;", "-x", "8", "-y", "8", scene.toString())).isZero();
        assertThat(RenderFlags.parse(new String[] {"-ai:lve", "2", "-gpu", "{0,1}", scene.toString()}).rendererFlags())
                .containsExactly(Map.entry("-ai:lve", "2"), Map.entry("-gpu", "{0,1}"));
    }

    @Test
    void formatsTheSimulatorCannotWriteBecomePngNamedPng() throws Exception {
        Path out = dir.resolve("images");

        int exit = render("0", "-rd", out.toString(), "-im", "x", "-of", "iff", "-x", "4", "-y", "4",
                scene().toString());

        assertThat(exit).isZero();
        assertThat(ImageIO.read(out.resolve("x.0001.png").toFile())).isNotNull();
        assertThat(lines()).contains("// Warning: image format iff not available in the simulator, writing png");
    }

    @Test
    void exrFramesAreRealOpenExrAndNanBlackEmptyAndTruncatedOnesAreWrittenBroken() throws Exception {
        Path scene = scene("yuntu.simulate.msPerFrame", "0", "yuntu.simulate.nanFrames", "2,7",
                "yuntu.simulate.blackFrames", "3", "yuntu.simulate.emptyFrames", "4", "yuntu.simulate.truncatedFrames", "5");
        Path out = dir.resolve("images");

        int exit = render(null, "-s", "1", "-e", "7", "-rd", out.toString(), "-im", "e", "-of", "exr", "-x", "64",
                "-y", "36", scene.toString());

        assertThat(exit).as(String.join("\n", lines())).isZero();
        assertThat(lines()).noneMatch(l -> l.contains("Error") || l.contains("Warning"));
        // OpenEXR's magic number, then version 2.
        assertThat(Files.readAllBytes(out.resolve("e.0001.exr"))).startsWith(0x76, 0x2f, 0x31, 0x01, 2);
        assertThat(ImageCheck.problem(out.resolve("e.0001.exr"))).isEmpty();
        assertThat(ImageCheck.problem(out.resolve("e.0006.exr"))).isEmpty();
        assertThat(Files.readAllBytes(out.resolve("e.0001.exr"))).isNotEqualTo(Files.readAllBytes(out.resolve("e.0006.exr")));
        assertThat(ImageCheck.problem(out.resolve("e.0002.exr"))).contains("3 NaN pixels in channels R, G, B");
        assertThat(ImageCheck.problem(out.resolve("e.0007.exr"))).contains("3 NaN pixels in channels R, G, B");
        assertThat(ImageCheck.problem(out.resolve("e.0003.exr"))).contains("every pixel is black");
        assertThat(ImageCheck.problem(out.resolve("e.0004.exr"))).contains("empty file");
        assertThat(ImageCheck.problem(out.resolve("e.0005.exr"))).hasValueSatisfying(
                p -> assertThat(p).startsWith("cannot be decoded as OpenEXR: "));
    }

    @Test
    void aNanFrameOfAFormatWithoutNanIsWrittenWholeWithAWarning() throws Exception {
        Path scene = scene("yuntu.simulate.msPerFrame", "0", "yuntu.simulate.nanFrames", "1");
        Path out = dir.resolve("images");

        int exit = render(null, "-rd", out.toString(), "-im", "n", "-x", "8", "-y", "8", scene.toString());

        assertThat(exit).isZero();
        assertThat(lines()).contains("// Warning: frame 1 of yuntu.simulate.nanFrames written without NaN: png images "
                + "cannot hold one");
        assertThat(ImageCheck.problem(out.resolve("n.0001.png"))).isEmpty();
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
        RenderCommand command = RenderCommand.forJob(job, "node-7", scene, out, "Render", true);

        List<String> lines = new ArrayList<>();
        RendererProcess.Result result = RendererProcess.start(command, dir).await(Duration.ofMinutes(1), lines::add);

        assertThat(result.exitCode()).as(String.join("\n", lines)).isZero();
        assertThat(out.resolve("proc.0003.png")).exists();
        assertThat(out.resolve("proc.0004.png")).exists();
        assertThat(lines).contains("// Maya exited with status 0");
    }

    @Test
    void writesOpenExrAsItsOwnProcessWithTinyexrOnItsClassPath() throws Exception {
        Path scene = scene("yuntu.simulate.msPerFrame", "0", "yuntu.simulate.nanFrames", "2");
        Path out = dir.resolve("images");
        var job = cloud.yuntu.agent.TestJobs.job("simulate", new cloud.yuntu.contracts.frame.FrameRange(1, 2, 1), null,
                null, new cloud.yuntu.contracts.frame.Resolution(32, 18), "exr", "proc");

        List<String> lines = new ArrayList<>();
        RendererProcess.Result result = RendererProcess.start(RenderCommand.forJob(job, "node-7", scene, out, "Render",
                true), dir).await(Duration.ofMinutes(1), lines::add);

        assertThat(result.exitCode()).as(String.join("\n", lines)).isZero();
        // LWJGL's native access and Unsafe use would otherwise print JVM warnings into the renderer's log.
        assertThat(lines).noneMatch(l -> l.startsWith("WARNING"));
        assertThat(ImageCheck.problem(out.resolve("proc.0001.exr"))).isEmpty();
        assertThat(ImageCheck.problem(out.resolve("proc.0002.exr"))).contains("3 NaN pixels in channels R, G, B");
    }

    @Test
    void theAgentsEnvironmentReachesTheSimulatorProcess() throws Exception {
        Path scene = scene("yuntu.simulate.msPerFrame", "0", "yuntu.simulate.failFrames", "3",
                "yuntu.simulate.failAttempts", "1", "yuntu.simulate.failOnAgents", "node-7");
        Path out = dir.resolve("images");
        var job = TestJobs.withAttempt(TestJobs.job("simulate", new cloud.yuntu.contracts.frame.FrameRange(3, 3, 1),
                null, null, new cloud.yuntu.contracts.frame.Resolution(16, 9), "png", "env"), 2);

        List<String> lines = new ArrayList<>();
        RendererProcess.Result result = RendererProcess.start(RenderCommand.forJob(job, "node-8", scene, out, "Render",
                true), dir).await(Duration.ofMinutes(1), lines::add);
        assertThat(result.exitCode()).as("attempt 2 of a frame failing once, on another agent: " + lines).isZero();

        lines.clear();
        result = RendererProcess.start(RenderCommand.forJob(job, "node-7", scene, out, "Render", true), dir)
                .await(Duration.ofMinutes(1), lines::add);
        assertThat(result.exitCode()).isEqualTo(211);
        assertThat(lines).anyMatch(l -> l.contains("simulated failure of agent node-7"));
    }

    @Test
    void eachRendererTalksInItsOwnLogWhichTheAgentReadsAsProgress() throws Exception {
        Path scene = scene("yuntu.simulate.msPerFrame", "0");
        // Maya's own renderers by their Render -r names, as the agent runs them.
        for (String renderer : List.of("arnold", "redshift", "vray", "renderman", "sw", "hw2", "someRenderer")) {
            output.reset();
            int exit = render(null, "-r", renderer, "-s", "1", "-e", "2", "-rd", dir.resolve(renderer).toString(),
                    "-x", "8", "-y", "8", "-rl", "fg", scene.toString());

            assertThat(exit).as(renderer).isZero();
            RendererLog reader = LogParsers.of(renderer, new FrameSequence(1, 1, 2));
            List<LogEvent> events = lines().stream().flatMap(l -> reader.accept(l).stream()).toList();
            List<Double> percents = events.stream().filter(LogEvent.Progress.class::isInstance)
                    .map(e -> ((LogEvent.Progress) e).percent()).toList();
            assertThat(percents).as(renderer).isNotEmpty().isSorted().last().isEqualTo(100.0);
            assertThat(events).as(renderer).filteredOn(LogEvent.Frame.class::isInstance).map(Object::toString)
                    .containsExactly("Frame[frame=1, state=STARTED]", "Frame[frame=1, state=FINISHED]",
                            "Frame[frame=2, state=STARTED]", "Frame[frame=2, state=FINISHED]");
            assertThat(events).as(renderer).noneMatch(LogEvent.Error.class::isInstance);
            assertThat(reader.verdict(0).success()).as(renderer).isTrue();
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

    /** The test project {@code textured} laid out as the agent lays it out, with new texture bytes. */
    private Path texturedProject(boolean withGrid, boolean withProp) throws Exception {
        Path project = dir.resolve("project");
        Path scenes = Files.createDirectories(project.resolve("scenes"));
        Files.copy(Path.of("src/test/resources/projects/textured/scenes/TextureTest.ma"), scenes.resolve("TextureTest.ma"));
        Files.writeString(scenes.resolve("TextureTest.ma"), "fileInfo \"yuntu.simulate.msPerFrame\" \"0\";\n",
                StandardOpenOption.APPEND);
        Path textures = Files.createDirectories(project.resolve("sourceimages"));
        if (withProp) {
            Files.createDirectories(project.resolve("assets"));
            Files.copy(Path.of("src/test/resources/projects/textured/assets/prop.ma"), project.resolve("assets/prop.ma"));
            Files.write(textures.resolve("wood.png"), "wood grain".getBytes(StandardCharsets.UTF_8));
        }
        if (withGrid) {
            Files.write(textures.resolve("grid.png"), "grid lines".getBytes(StandardCharsets.UTF_8));
        }
        return scenes.resolve("TextureTest.ma");
    }

    private static byte[] sha256(Path file) throws Exception {
        return java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }

    @Test
    void theScenesTexturesAndReferencesAreReadAndShowInTheImage() throws Exception {
        Path scene = texturedProject(true, true);
        Path project = scene.getParent().getParent();
        Path out = dir.resolve("images");

        int exit = render(null, "-r", "arnold", "-proj", scene.getParent().toString(), "-rd", out.toString(), "-im",
                "shot", "-x", "16", "-y", "16", scene.toString());

        assertThat(exit).isZero();
        Path prop = project.resolve("assets/prop.ma");
        Path wood = project.resolve("sourceimages/wood.png");
        Path grid = project.resolve("sourceimages/grid.png");
        HexFormat hex = HexFormat.of();
        String propSha = hex.formatHex(sha256(prop));
        String woodSha = hex.formatHex(sha256(wood));
        String gridSha = hex.formatHex(sha256(grid));
        assertThat(lines())
                .anyMatch(l -> l.matches(".*MB +\\| \\[mtoa] read reference propRN.reference \"" + Pattern.quote(prop.toString())
                        + "\": \\d+ bytes, sha256 " + propSha))
                .anyMatch(l -> l.endsWith("| [mtoa] read texture prop:woodFile.fileTextureName \"" + wood + "\": 10 bytes, sha256 "
                        + woodSha))
                .anyMatch(l -> l.endsWith("| [mtoa] read texture file1.fileTextureName \"" + grid + "\": 10 bytes, sha256 "
                        + gridSha));
        // What was read, in the order read (the reference, the files it names, then the scene's own), is the band's colour.
        java.security.MessageDigest all = java.security.MessageDigest.getInstance("SHA-256");
        for (Path file : List.of(prop, wood, grid)) {
            all.update(sha256(file));
        }
        byte[] digest = all.digest();
        BufferedImage image = ImageIO.read(out.resolve("shot.0001.png").toFile());
        assertThat(image.getRGB(0, 15) & 0xFFFFFF).isEqualTo((digest[0] & 0xFF) << 16 | (digest[1] & 0xFF) << 8 | digest[2] & 0xFF);
        assertThat(image.getRGB(15, 14) & 0xFFFFFF).as("the band is the image's bottom eighth")
                .isEqualTo(image.getRGB(0, 15) & 0xFFFFFF);

        // Other bytes in one texture, another image.
        Files.write(grid, "other grid".getBytes(StandardCharsets.UTF_8));
        render(null, "-r", "arnold", "-proj", scene.getParent().toString(), "-rd", out.toString(), "-im", "again",
                "-x", "16", "-y", "16", scene.toString());
        assertThat(ImageIO.read(out.resolve("again.0001.png").toFile()).getRGB(0, 15)).isNotEqualTo(image.getRGB(0, 15));
    }

    @Test
    void underArnoldAMissingTextureStopsTheRenderWithArnoldsErrorWhichTheAgentDoesNotRetry() throws Exception {
        Path scene = texturedProject(false, true);
        Path out = dir.resolve("images");

        int exit = render(null, "-r", "arnold", "-proj", scene.getParent().toString(), "-rd", out.toString(), "-im",
                "shot", "-x", "8", "-y", "8", scene.toString());

        assertThat(exit).isEqualTo(211);
        String missing = scene.getParent().getParent().resolve("sourceimages/grid.png").toString();
        assertThat(lines())
                .anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d +\\d+MB ERROR   \\|  \\[texturesys\\] file1: Could not open file \""
                        + Pattern.quote(missing) + "\""))
                .anyMatch(l -> l.endsWith("MB WARNING |  render terminating early:  received abort signal"));
        Verdict agent = readByTheAgent("arnold", 211);
        assertThat(agent.reason()).isEqualTo("[texturesys] file1: Could not open file \"" + missing + "\"");
        assertThat(agent.retryable()).as("reported retryable=false").isFalse();
        assertThat(out).doesNotExist();
    }

    @Test
    void mayaSoftwareWarnsOfAMissingTextureAndRendersOn() throws Exception {
        Path scene = texturedProject(false, true);
        Path out = dir.resolve("images");

        int exit = render(null, "-r", "mayaSoftware", "-proj", scene.getParent().toString(), "-rd", out.toString(),
                "-im", "shot", "-x", "8", "-y", "8", scene.toString());

        assertThat(exit).isZero();
        assertThat(lines()).anyMatch(l -> l.startsWith("// Warning: file1.fileTextureName: file \"")
                        && l.contains("sourceimages/grid.png\" not found"))
                .noneMatch(l -> l.contains("Error:"));
        assertThat(out.resolve("shot.0001.png")).exists();
    }

    @Test
    void aMissingReferenceIsWarnedOfAsMayaDoesAndTheSceneRendersWithoutIt() throws Exception {
        Path scene = texturedProject(true, false);
        Path out = dir.resolve("images");

        int exit = render(null, "-r", "arnold", "-proj", scene.getParent().toString(), "-rd", out.toString(), "-im",
                "shot", "-x", "8", "-y", "8", scene.toString());

        assertThat(exit).isZero();
        assertThat(lines())
                .contains("// Warning: file: " + scene + " line 5: Reference file not found: ../assets/prop.ma //",
                        "// Warning: Errors have occurred while reading this scene that may result in data loss. //")
                .noneMatch(l -> l.contains("wood"))
                .anyMatch(l -> l.contains("[mtoa] read texture file1.fileTextureName"));
        assertThat(readByTheAgent("arnold", 0).success()).as("warnings fail nothing").isTrue();
        assertThat(out.resolve("shot.0001.png")).exists();
    }
}
