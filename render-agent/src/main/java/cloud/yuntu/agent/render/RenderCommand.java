package cloud.yuntu.agent.render;

import cloud.yuntu.agent.simulate.SimulatedRender;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.maya.MayaFileNodes;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.lwjgl.system.Platform;

/**
 * The process of one job: Maya's {@code Render} with its real flags, or the simulated
 * renderer started as a plain JDK program with exactly the same flags (for {@code -r simulate},
 * and for every Maya renderer when the simulator stands in for Maya), and the variables
 * ({@link RendererEnvironment}) set on top of the agent's environment.
 *
 * @param environment set for the process in addition to (or in place of) the agent's own variables
 */
public record RenderCommand(List<String> command, Map<String, String> environment) {

    public static final String SIMULATE = "simulate";
    /** Maya's default frame padding is 1; the farm always pads to 4 so file names sort. */
    public static final int PAD = 4;

    public RenderCommand {
        command = List.copyOf(command);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    /**
     * What every renderer of a job is told of it ({@link RendererEnvironment}), whichever renderer it is:
     * production wrappers read these as Deadline's are read, and the simulator fails by them.
     */
    public static Map<String, String> environment(FrameJob job, String agentId) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(RendererEnvironment.AGENT_ID, agentId);
        environment.put(RendererEnvironment.TASK_ID, String.valueOf(job.taskId()));
        environment.put(RendererEnvironment.FRAME_ID, String.valueOf(job.frameId()));
        environment.put(RendererEnvironment.FRAME_ATTEMPT, Integer.toString(job.attempt()));
        return environment;
    }

    /**
     * {@code Render -r <renderer> -proj <scene's folder> -s -e -b -pad 4 -rd -im -of [-x -y] [-cam] [-rl] <scene>}.
     * The scene's folder is the project Maya resolves relative file paths against: the job's
     * project files lie where the manifest puts them relative to it.
     */
    public static List<String> mayaFlags(FrameJob job, Path scene, Path renderDir) {
        List<String> flags = new ArrayList<>();
        add(flags, "-r", job.renderer());
        add(flags, "-proj", scene.toAbsolutePath().getParent().toString());
        add(flags, "-s", Integer.toString(job.frames().start()));
        add(flags, "-e", Integer.toString(job.frames().end()));
        add(flags, "-b", Integer.toString(job.frames().by()));
        add(flags, "-pad", Integer.toString(PAD));
        add(flags, "-rd", renderDir.toString());
        add(flags, "-im", imagePrefix(job, scene));
        add(flags, "-of", imageFormat(job));
        if (job.resolution() != null) {
            add(flags, "-x", Integer.toString(job.resolution().width()));
            add(flags, "-y", Integer.toString(job.resolution().height()));
        }
        if (job.camera() != null && !job.camera().isBlank()) {
            add(flags, "-cam", job.camera());
        }
        if (job.layer() != null && !job.layer().isBlank()) {
            add(flags, "-rl", job.layer());
        }
        flags.add(scene.toString());
        return flags;
    }

    /**
     * @param agentId this agent, for the renderer's environment
     * @param simulated run the simulated renderer instead of {@code mayaRender}; the flags and the
     *        environment are the same either way, so a simulated job exercises Maya's real command line
     */
    public static RenderCommand forJob(FrameJob job, String agentId, Path scene, Path renderDir, String mayaRender,
                                       boolean simulated) {
        List<String> command = new ArrayList<>();
        if (simulated) {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(simulatorJvmOptions());
            command.add("-cp");
            command.add(simulatorClasspath());
            command.add(SimulatedRender.class.getName());
        } else {
            command.add(mayaRender);
        }
        command.addAll(mayaFlags(job, scene, renderDir));
        return new RenderCommand(command, environment(job, agentId));
    }

    /** The command line for a log line: job fields escaped, so a name cannot start a line of its own. */
    public String forLog() {
        return LogText.escape(String.join(" ", command));
    }

    /** The name Maya gives images: {@code -im} or, like Maya, the scene's base name. */
    public static String imagePrefix(FrameJob job, Path scene) {
        if (job.outputPrefix() != null && !job.outputPrefix().isBlank()) {
            return job.outputPrefix();
        }
        String name = scene.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    static String imageFormat(FrameJob job) {
        return job.imageFormat() == null || job.imageFormat().isBlank() ? "png" : job.imageFormat();
    }

    /**
     * The simulator's class path: the jar or class directory it was loaded from ({@code target/classes}
     * in tests, the application jar of {@code quarkus-app} in production), the contracts' one (Maya's
     * table of file-loading nodes, {@link MayaFileNodes}, with the file kinds it names), then LWJGL's and tinyexr's
     * jars with their native libraries for this platform, which it writes OpenEXR images with. Each is
     * found where the agent's own class loader finds it, so the two processes run the same code.
     */
    public static String simulatorClasspath() {
        ClassLoader loader = SimulatedRender.class.getClassLoader();
        Set<String> entries = new LinkedHashSet<>();
        entries.add(entryOf(loader, SimulatedRender.class.getName().replace('.', '/') + ".class"));
        entries.add(entryOf(loader, MayaFileNodes.class.getName().replace('.', '/') + ".class"));
        entries.add(entryOf(loader, "org/lwjgl/system/Library.class"));
        entries.add(entryOf(loader, "org/lwjgl/util/tinyexr/TinyEXR.class"));
        // LWJGL loads its natives from <os>/<arch>/org/lwjgl/... resources of the natives jars.
        String natives = Platform.get().getName().toLowerCase(Locale.ROOT) + "/"
                + Platform.getArchitecture().name().toLowerCase(Locale.ROOT) + "/org/lwjgl/";
        for (String library : List.of(System.mapLibraryName("lwjgl"), "tinyexr/" + System.mapLibraryName("lwjgl_tinyexr"))) {
            if (loader.getResource(natives + library) != null) {
                entries.add(entryOf(loader, natives + library));
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** The jar or directory from which {@code loader} has {@code resource}. */
    private static String entryOf(ClassLoader loader, String resource) {
        URL url = loader.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("Cannot locate " + resource);
        }
        try {
            String external = url.toExternalForm();
            if ("jar".equals(url.getProtocol())) {
                String jar = external.substring("jar:".length(), external.indexOf("!/"));
                return Path.of(new URL(jar).toURI()).toString();
            }
            if ("file".equals(url.getProtocol())) {
                Path root = Path.of(url.toURI());
                for (int i = 0; i < resource.split("/").length; i++) {
                    root = root.getParent();
                }
                return root.toString();
            }
        } catch (URISyntaxException | java.net.MalformedURLException e) {
            throw new IllegalStateException("Cannot turn " + url + " into a class path", e);
        }
        throw new IllegalStateException(resource + " loaded from " + url + ", neither a jar nor a directory");
    }

    /**
     * JVM options of the simulator: LWJGL calls {@code System.load} and {@code sun.misc.Unsafe}, which
     * JDK 24 and later warn about on stderr, and stderr is the renderer's log. The Unsafe option exists
     * from JDK 23 on only; an older JVM would refuse to start with it.
     */
    static List<String> simulatorJvmOptions() {
        List<String> options = new ArrayList<>(List.of("-Xmx256m", "-Djava.awt.headless=true",
                "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        return options;
    }

    private static void add(List<String> flags, String flag, String value) {
        flags.add(flag);
        flags.add(value);
    }
}
