package cloud.yuntu.agent.render;

import cloud.yuntu.agent.render.renderer.RenderRequest;
import cloud.yuntu.agent.render.renderer.RenderResources;
import cloud.yuntu.agent.render.renderer.Renderers;
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
 * The process of one job: Maya's {@code Render} with its renderer's real flags ({@link Renderers}), or the simulated
 * renderer started as a plain JDK program with exactly the same flags (for {@code -r simulate},
 * and for every Maya renderer when the simulator stands in for Maya), and the variables
 * ({@link RendererEnvironment}) set on top of the agent's environment.
 *
 * @param environment set for the process in addition to (or in place of) the agent's own variables
 */
public record RenderCommand(List<String> command, Map<String, String> environment) {

    public static final String SIMULATE = "simulate";

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
     * Maya's {@code Render} arguments for the job's renderer ({@link Renderers}): Maya's common flags, the renderer's
     * own, the scene last. The scene's folder is the project Maya resolves relative file paths against: the job's
     * project files lie where the manifest puts them relative to it.
     */
    public static List<String> mayaFlags(FrameJob job, Path scene, Path renderDir, RenderResources resources) {
        return Renderers.of(job.renderer()).flags(new RenderRequest(job, scene, renderDir, resources));
    }

    /**
     * @param agentId this agent, for the renderer's environment
     * @param simulated run the simulated renderer instead of {@code mayaRender}; the flags and the
     *        environment are the same either way, so a simulated job exercises Maya's real command line
     */
    public static RenderCommand forJob(FrameJob job, String agentId, Path scene, Path renderDir, String mayaRender,
                                       boolean simulated) {
        return forJob(job, agentId, scene, renderDir, mayaRender, simulated, RenderResources.DEFAULT);
    }

    /** As above, with the node's threads and GPUs given to the renderers that take them on the command line. */
    public static RenderCommand forJob(FrameJob job, String agentId, Path scene, Path renderDir, String mayaRender,
                                       boolean simulated, RenderResources resources) {
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
        command.addAll(mayaFlags(job, scene, renderDir, resources));
        Map<String, String> environment = environment(job, agentId);
        environment.putAll(gpuEnvironment(resources));
        return new RenderCommand(command, environment);
    }

    /**
     * The slot's GPUs for CUDA: {@code CUDA_VISIBLE_DEVICES} with nvidia-smi's indices in PCI bus order; nothing
     * without GPUs (the renderer then sees what the node has, as before). Inside the process CUDA numbers the
     * visible devices from 0, which is why Redshift's {@code -gpu} list counts from 0 ({@code Redshift}).
     */
    public static Map<String, String> gpuEnvironment(RenderResources resources) {
        if (resources.gpuDevices().isEmpty()) {
            return Map.of();
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(RendererEnvironment.CUDA_VISIBLE_DEVICES,
                String.join(",", resources.gpuDevices().stream().map(String::valueOf).toList()));
        environment.put(RendererEnvironment.CUDA_DEVICE_ORDER, "PCI_BUS_ID");
        return environment;
    }

    /** The command line for a log line: job fields escaped, so a name cannot start a line of its own. */
    public String forLog() {
        return LogText.escape(String.join(" ", command));
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
}
