package cloud.yuntu.agent.simulate;

import cloud.yuntu.agent.render.LogText;
import cloud.yuntu.agent.render.RendererEnvironment;
import cloud.yuntu.contracts.scene.SceneReport.DependencyKind;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * A stand-in for Maya's {@code Render}: it takes the same flags,
 * writes real images named the way Maya names them ({@link ImageNames}, subfolders included) and
 * prints the log of the renderer of {@code -r} ({@link RendererStyle}), so the whole farm can be
 * demonstrated and load-tested on machines without Maya, for every renderer. Failures a scene asks
 * for ({@link SceneBehaviour}) depend on the agent and attempt the agent puts in the environment
 * ({@link RendererEnvironment}).
 *
 * <p>Deliberately free of any dependency beyond {@code java.desktop}, contracts' table of Maya's
 * file-loading nodes ({@code cloud.yuntu.contracts.maya}, plain JDK code) and, for OpenEXR images,
 * LWJGL's tinyexr ({@link ExrWriter}): the agent starts it as {@code java -cp <agent classes and
 * those jars> cloud.yuntu.agent.simulate.SimulatedRender ...}. It reads the scene as a stream
 * ({@link SceneFile}), so a scene far larger than its heap renders as it would in Maya.
 */
public final class SimulatedRender {

    /** Maya's batch renderer exits with 211 when a render fails. */
    static final int RENDER_FAILED = 211;
    /** Maya exits with 1 on a command line it cannot parse. */
    static final int BAD_COMMAND_LINE = 1;
    static final String ENV_MS_PER_FRAME = "YUNTU_SIMULATE_MS_PER_FRAME";
    /** Helper processes a scene with {@code yuntu.simulate.helpers} has running while it renders. */
    static final int HELPERS = 2;
    private static final Set<String> WRITABLE = Set.of("png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff", "exr");
    private static final String EXR = "exr";

    private final PrintStream out;
    private final long started = System.nanoTime();

    SimulatedRender(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.exit(new SimulatedRender(out).run(args, System.getenv()));
    }

    /**
     * Renders as asked and returns the process exit code.
     *
     * @param env the process environment: {@link #ENV_MS_PER_FRAME} and the agent's {@link RendererEnvironment}
     */
    int run(String[] args, Map<String, String> env) {
        Out log = new Out(out, started);
        RenderFlags flags;
        try {
            flags = RenderFlags.parse(args);
        } catch (IllegalArgumentException e) {
            log.line("// Error: " + LogText.escape(e.getMessage()));
            log.line("// Usage: Render [options] filename   (-h for help)");
            return BAD_COMMAND_LINE;
        }
        SceneFile scene;
        try {
            scene = SceneFile.read(flags.scene());
        } catch (IOException e) {
            log.line("// Error: File not found: " + log.safe(flags.scene()));
            log.line("// Error: Scene " + log.safe(flags.scene()) + " failed to load.");
            return RENDER_FAILED;
        }
        SceneBehaviour behaviour = SceneBehaviour.of(scene.simulate(), env.get(ENV_MS_PER_FRAME));
        String agentId = env.get(RendererEnvironment.AGENT_ID);
        int attempt = attempt(env.get(RendererEnvironment.FRAME_ATTEMPT));
        RendererStyle style = RendererStyle.of(flags.renderer());
        String gpus = env.get(RendererEnvironment.CUDA_VISIBLE_DEVICES);
        if (gpus != null) {
            // What a real renderer would render on: the agent gives each slot its own GPUs.
            log.line("[simulate] GPU devices: " + RendererEnvironment.CUDA_VISIBLE_DEVICES + "=" + log.safe(gpus));
        }
        style.start(log, flags);
        DependencyReader dependencies;
        try {
            dependencies = DependencyReader.read(flags.scene(), scene.dependencies(), flags.project(), style, log);
        } catch (IOException e) {
            log.line("// Error: Cannot read the scene's files: " + log.safe(e.getMessage()));
            return RENDER_FAILED;
        }
        String extension = extensionFor(flags.format());
        if (!extension.equals(flags.format().toLowerCase(Locale.ROOT))) {
            log.line("// Warning: image format " + log.safe(flags.format()) + " not available in the simulator, writing "
                    + extension);
        }
        List<Process> helpers = startHelpers(behaviour, log);
        try {
            for (int frame = flags.start(); frame <= flags.end(); frame += flags.by()) {
                String relative = ImageNames.imagePath(flags, frame, extension);
                String escapes = ImageNames.escapes(relative);
                if (escapes != null) {
                    log.line("// Error: Image " + log.safe(relative) + " is not below the render directory: " + escapes);
                    return RENDER_FAILED;
                }
                Path image = flags.renderDir().resolve(relative);
                if (frame == flags.start() && missingFilesStopTheRender(log, style, dependencies, frame)) {
                    return RENDER_FAILED;
                }
                if (!renderFrame(log, style, flags, behaviour, agentId, attempt, frame, image, extension,
                        dependencies.digest())) {
                    return RENDER_FAILED;
                }
            }
        } catch (IOException e) {
            log.line("// Error: Cannot write image: " + log.safe(e.getMessage()));
            return RENDER_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RENDER_FAILED;
        } finally {
            // A render that ends by itself ends its helpers; a killed one leaves them to whoever killed it.
            helpers.forEach(h -> {
                h.descendants().forEach(ProcessHandle::destroy);
                h.destroy();
            });
        }
        log.line("// Maya exited with status 0");
        return 0;
    }

    /** The helper processes {@link SceneBehaviour#helpers()} asks for, each with two children of its own. */
    private static List<Process> startHelpers(SceneBehaviour behaviour, Out log) {
        if (behaviour.helpers() == null) {
            return List.of();
        }
        List<Process> started = new ArrayList<>();
        for (int i = 0; i < HELPERS; i++) {
            try {
                // sh's $0 carries the marker into the process table; the two sleeps are the helper's children.
                Process helper = new ProcessBuilder("sh", "-c", "sleep 3600 & sleep 3600 & wait",
                        "yuntu-helper-" + behaviour.helpers())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                started.add(helper);
                log.line("[simulate] helper process " + helper.pid() + " started (yuntu-helper-" + behaviour.helpers() + ")");
            } catch (IOException e) {
                log.line("// Warning: helper process not started: " + log.safe(e.getMessage()));
            }
        }
        return started;
    }

    /**
     * The renderer meets the files that were not there as it renders the first frame: each is
     * reported the renderer's way, and a renderer that stops on one (Arnold) fails the frame.
     */
    private static boolean missingFilesStopTheRender(Out log, RendererStyle style, DependencyReader dependencies,
                                                     int frame) {
        boolean stops = false;
        for (DependencyReader.Missing missing : dependencies.missing()) {
            SceneDependencies.Dependency dependency = missing.dependency();
            if (dependency.kind() == DependencyKind.TEXTURE) {
                stops |= style.missingTexture(log, log.safe(dependency.node()), dependency.attribute(),
                        log.safe(missing.where()));
            } else {
                RendererStyle.missingFile(log, log.safe(dependency.node()), dependency.attribute(),
                        log.safe(missing.where()));
            }
        }
        if (stops) {
            log.line("// Error: Render failed on frame " + frame + ".");
        }
        return stops;
    }

    private boolean renderFrame(Out log, RendererStyle style, RenderFlags flags, SceneBehaviour behaviour,
                                String agentId, int attempt, int frame, Path image, String extension,
                                byte[] dependencyDigest)
            throws IOException, InterruptedException {
        long frameStart = System.nanoTime();
        style.frameStart(log, flags, frame);
        int steps = 10;
        for (int step = 1; step <= steps; step++) {
            Thread.sleep(behaviour.msPerFrame() / steps);
            if (step == steps / 2 && behaviour.failsOnAgent(agentId)) {
                // A node fault, not the scene's: nothing here may read as a scene that cannot load
                // (RenderLog.isSceneLoadError), so the agent reports it retryable and another node renders it.
                log.line("// Error: " + style.nodeFailure(frame) + " (simulated failure of agent " + log.safe(agentId)
                        + " requested by the scene, yuntu.simulate.failOnAgents)");
                log.line("// Error: Render failed on frame " + frame + ".");
                return false;
            }
            if (step == steps / 2 && behaviour.failsFrame(frame, attempt)) {
                log.line("// Error: " + style.failure(frame)
                        + ": simulated failure requested by the scene (yuntu.simulate.failFrames"
                        + (behaviour.failAttempts() == null ? ""
                        : ", attempt " + attempt + ", failAttempts " + behaviour.failAttempts()) + ")");
                log.line("// Error: Render failed on frame " + frame + ".");
                return false;
            }
            style.progress(log, frame, step * 100 / steps);
        }
        Files.createDirectories(image.getParent());
        SceneBehaviour.Image kind = behaviour.image(frame);
        if (kind == SceneBehaviour.Image.NAN && !EXR.equals(extension)) {
            log.line("// Warning: frame " + frame + " of yuntu.simulate.nanFrames written without NaN: "
                    + extension + " images cannot hold one");
            kind = SceneBehaviour.Image.GOOD;
        }
        writeImage(image, flags.width(), flags.height(), frame, extension, kind, dependencyDigest);
        style.frameDone(log, frame, log.safe(image), (System.nanoTime() - frameStart) / 1_000_000);
        return true;
    }

    /** A gradient whose hues move with the frame number, with the number drawn on it: no two frames alike. */
    static void writeImage(Path file, int width, int height, int frame, String extension) throws IOException {
        writeImage(file, width, height, frame, extension, SceneBehaviour.Image.GOOD, null);
    }

    /**
     * The frame's image, or one broken as the scene asks ({@code blackFrames}, {@code emptyFrames},
     * {@code truncatedFrames}, {@code nanFrames}): all black, 0 bytes, a valid file cut to half its
     * length, or (OpenEXR only) NaN in the colour of a few pixels.
     *
     * @param dependencyDigest the digest of the project files read ({@link DependencyReader#digest()}): its first
     *        three bytes are the RGB of a band along the image's bottom, so the image shows what was read; null
     *        when none was
     */
    static void writeImage(Path file, int width, int height, int frame, String extension, SceneBehaviour.Image kind,
                           byte[] dependencyDigest)
            throws IOException {
        if (kind == SceneBehaviour.Image.EMPTY) {
            Files.write(file, new byte[0]);
            return;
        }
        // TYPE_INT_RGB starts black: a black frame is the image left unpainted.
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        if (kind != SceneBehaviour.Image.BLACK) {
            paint(image, frame, dependencyDigest);
        }
        if (EXR.equals(extension)) {
            writeExr(image, file, kind == SceneBehaviour.Image.NAN);
        } else {
            write(image, file, extension);
        }
        if (kind == SceneBehaviour.Image.TRUNCATED) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(channel.size() / 2);
            }
        }
    }

    /** The band of {@link #writeImage}'s {@code dependencyDigest}: the bottom eighth of the image, at least one row. */
    static int bandHeight(int height) {
        return Math.max(1, height / 8);
    }

    private static void paint(BufferedImage image, int frame, byte[] dependencyDigest) {
        int width = image.getWidth();
        int height = image.getHeight();
        Graphics2D g = image.createGraphics();
        try {
            float hue = (frame * 0.137f) % 1f;
            g.setPaint(new GradientPaint(0, 0, Color.getHSBColor(hue, 0.8f, 0.9f),
                    width, height, Color.getHSBColor((hue + 0.5f) % 1f, 0.7f, 0.4f)));
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(8, height / 4)));
            g.drawString(Integer.toString(frame), width / 10, height * 2 / 3);
            if (dependencyDigest != null) {
                g.setColor(new Color(dependencyDigest[0] & 0xFF, dependencyDigest[1] & 0xFF, dependencyDigest[2] & 0xFF));
                g.fillRect(0, height - bandHeight(height), width, bandHeight(height));
            }
        } finally {
            g.dispose();
        }
    }

    private static void write(BufferedImage image, Path file, String extension) throws IOException {
        String formatName = switch (extension) {
            case "jpg", "jpeg" -> "jpg";
            case "tif", "tiff" -> "tiff";
            default -> extension;
        };
        if (!ImageIO.write(image, formatName, file.toFile())) {
            throw new IOException("no ImageIO writer for " + formatName);
        }
    }

    /**
     * Half-float RGBA, ZIP-compressed scanlines, as Maya's renderers write OpenEXR with half precision:
     * the painted sRGB colours made linear, alpha 1. A NaN frame gets NaN in R, G and B of its first,
     * middle and last pixels (fewer in an image that small), as stray NaN samples of a shader are.
     */
    private static void writeExr(BufferedImage image, Path file, boolean nan) throws IOException {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        float[] r = new float[argb.length];
        float[] g = new float[argb.length];
        float[] b = new float[argb.length];
        float[] a = new float[argb.length];
        for (int i = 0; i < argb.length; i++) {
            r[i] = linear(argb[i] >> 16 & 0xFF);
            g[i] = linear(argb[i] >> 8 & 0xFF);
            b[i] = linear(argb[i] & 0xFF);
            a[i] = 1f;
        }
        if (nan) {
            for (int i : new int[] {0, argb.length / 2, argb.length - 1}) {
                r[i] = Float.NaN;
                g[i] = Float.NaN;
                b[i] = Float.NaN;
            }
        }
        try {
            ExrWriter.write(file, width, height, Map.of("R", r, "G", g, "B", b, "A", a), ExrWriter.Precision.HALF, 0);
        } catch (LinkageError e) {
            throw new IOException("tinyexr is not available: " + e, e);
        }
    }

    /** sRGB-encoded 8-bit to linear light, as a renderer's EXR holds it. */
    private static float linear(int srgb) {
        double c = srgb / 255.0;
        return (float) (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
    }

    /** The agent's attempt of the frame; 1 when the renderer was not told (run by hand) or told nonsense. */
    static int attempt(String env) {
        if (env == null || env.isBlank()) {
            return 1;
        }
        try {
            return Integer.parseInt(env.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Formats the simulator cannot write (iff, hdr, ...) become png, named .png so the file says what it is. */
    static String extensionFor(String format) {
        String lower = format.toLowerCase(Locale.ROOT);
        return WRITABLE.contains(lower) ? lower : "png";
    }

    static String pad(int frame, int width) {
        String digits = Integer.toString(Math.abs(frame));
        String padded = "0".repeat(Math.max(0, width - digits.length())) + digits;
        return frame < 0 ? "-" + padded : padded;
    }

    /**
     * The renderer's console. Names from the command line (scene, layer, camera, prefix) go through
     * {@link #safe}: a newline in one would otherwise print a line the agent reads as the renderer's.
     */
    static final class Out {

        private final PrintStream stream;
        private final long started;

        Out(PrintStream stream, long started) {
            this.stream = stream;
            this.started = started;
        }

        void line(String line) {
            stream.println(line);
        }

        /** Arnold's line: elapsed time, memory in use, {@code |}, the message. */
        void arnold(String message) {
            arnold("", message);
        }

        /** Arnold's line with its severity ({@code ERROR}, {@code WARNING}) before the {@code |}. */
        void arnold(String severity, String message) {
            long elapsed = (System.nanoTime() - started) / 1_000_000_000;
            long usedMb = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
            stream.println(String.format(Locale.ROOT, "%02d:%02d:%02d %5dMB %-8s| %s",
                    elapsed / 3600, elapsed / 60 % 60, elapsed % 60, usedMb, severity, message));
        }

        String safe(Object name) {
            return LogText.escape(String.valueOf(name));
        }
    }
}
