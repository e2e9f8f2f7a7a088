package cloud.yuntu.agent.heartbeat;

import cloud.yuntu.agent.AgentConfig;
import cloud.yuntu.agent.render.RenderCommand;
import cloud.yuntu.contracts.agent.AgentHeartbeat.RendererVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renderers this node can run: the simulated one always, Maya's only when its {@code Render}
 * executable is actually there (or the simulator stands in for them, {@code yuntu.agent.maya.simulate}),
 * so the scheduler never sends Maya work to a node without Maya. The names are also the agent's
 * job lanes: it subscribes to {@code farm.frame-jobs.<pool>.<renderer>} for each of them.
 */
@ApplicationScoped
public class InstalledRenderers {

    static final String SIMULATOR_VERSION = "1.0";
    /** What a topic name takes; a renderer name is part of its lane's topic name. */
    private static final Pattern LANE_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private final List<RendererVersion> renderers;
    private final Set<String> names;
    private final boolean simulateMaya;

    @Inject
    InstalledRenderers(AgentConfig config) {
        this(config.maya().renderers(), config.maya().version(), config.maya().simulate(),
                config.maya().simulate() || executableExists(config.maya().renderExecutable()));
    }

    /**
     * @param simulateMaya the simulator runs jobs of Maya's renderers
     * @param mayaPresent Maya's renderers are reported at all
     */
    public InstalledRenderers(List<String> mayaRenderers, String mayaVersion, boolean simulateMaya, boolean mayaPresent) {
        List<RendererVersion> found = new ArrayList<>();
        if (mayaPresent) {
            for (String renderer : mayaRenderers) {
                String name = renderer.trim();
                // A bad name would make the lane subscription fail on every poll; say so at start instead.
                if (!LANE_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("yuntu.agent.maya.renderers: '" + name
                            + "' is not a renderer name (letters, digits, '_' and '-' only)");
                }
                if (!name.equals(RenderCommand.SIMULATE)) {
                    found.add(new RendererVersion(name, mayaVersion));
                }
            }
        }
        found.add(new RendererVersion(RenderCommand.SIMULATE, SIMULATOR_VERSION));
        this.renderers = List.copyOf(found);
        Set<String> all = new LinkedHashSet<>();
        renderers.forEach(r -> all.add(r.renderer()));
        this.names = Set.copyOf(all);
        this.simulateMaya = simulateMaya;
    }

    public List<RendererVersion> list() {
        return renderers;
    }

    /** Renderer names, in the order reported: the lanes this agent takes jobs from. */
    public List<String> names() {
        return renderers.stream().map(RendererVersion::renderer).toList();
    }

    public boolean has(String renderer) {
        return renderer != null && names.contains(renderer);
    }

    /** True when a job of this renderer runs in the simulated renderer rather than Maya's {@code Render}. */
    public boolean simulated(String renderer) {
        return RenderCommand.SIMULATE.equals(renderer) || simulateMaya;
    }

    static boolean executableExists(String executable) {
        Path path = Path.of(executable);
        if (path.isAbsolute() || executable.contains(File.separator)) {
            return Files.isExecutable(path);
        }
        String pathVariable = System.getenv("PATH");
        if (pathVariable == null) {
            return false;
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, executable))) {
                return true;
            }
        }
        return false;
    }
}
