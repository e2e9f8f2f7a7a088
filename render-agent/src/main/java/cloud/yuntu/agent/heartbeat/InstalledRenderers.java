package cloud.yuntu.agent.heartbeat;

import cloud.yuntu.agent.AgentConfig;
import cloud.yuntu.agent.heartbeat.MayaInstalls.MayaInstall;
import cloud.yuntu.agent.render.RenderCommand;
import cloud.yuntu.agent.render.RendererProcess;
import cloud.yuntu.contracts.agent.AgentHeartbeat.RendererVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Renderers this node can run: the simulated one always, Maya's only when a {@code Render} executable is actually
 * there (or the simulator stands in for them, {@code yuntu.agent.maya.simulate}), so the scheduler never sends Maya
 * work to a node without Maya. The names are also the agent's job lanes: it subscribes to
 * {@code farm.frame-jobs.<pool>.<renderer>} for each of them. Which Maya, in this order:
 * <ol>
 * <li>{@code yuntu.agent.maya.simulate}: the simulator for every configured renderer;
 * <li>{@code yuntu.agent.maya.render-executable} set: that executable for every configured renderer, with the
 * configured version (a wrapper script an operator chose is never second-guessed);
 * <li>Maya installations found ({@link MayaInstalls}): each renderer found, run by the {@code Render} of the newest
 * installation that has it, with the version found;
 * <li>none found: {@code Render} on PATH for the configured renderers, as before discovery existed.
 * </ol>
 */
@ApplicationScoped
public class InstalledRenderers {

    private static final Logger LOG = Logger.getLogger(InstalledRenderers.class);
    static final String SIMULATOR_VERSION = "1.0";
    static final String DEFAULT_EXECUTABLE = "Render";
    /** What a topic name takes; a renderer name is part of its lane's topic name. */
    private static final Pattern LANE_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private final List<RendererVersion> renderers;
    private final Set<String> names;
    private final boolean simulateMaya;
    private final String executable;
    private final Map<String, String> executables;

    @Inject
    InstalledRenderers(AgentConfig config) {
        this(fromConfig(config));
    }

    private InstalledRenderers(InstalledRenderers chosen) {
        this(chosen.renderers, chosen.simulateMaya, chosen.executable, chosen.executables);
    }

    /**
     * @param simulateMaya the simulator runs jobs of Maya's renderers
     * @param mayaPresent Maya's renderers are reported at all
     */
    public InstalledRenderers(List<String> mayaRenderers, String mayaVersion, boolean simulateMaya, boolean mayaPresent) {
        this(mayaRenderers, mayaVersion, simulateMaya, mayaPresent, DEFAULT_EXECUTABLE);
    }

    /** As above, every Maya job run by {@code executable}. */
    public InstalledRenderers(List<String> mayaRenderers, String mayaVersion, boolean simulateMaya, boolean mayaPresent,
                              String executable) {
        this(configured(mayaRenderers, mayaVersion, mayaPresent), simulateMaya, executable, Map.of());
    }

    private InstalledRenderers(List<RendererVersion> maya, boolean simulateMaya, String executable,
                               Map<String, String> executables) {
        List<RendererVersion> found = new ArrayList<>(maya);
        found.removeIf(r -> r.renderer().equals(RenderCommand.SIMULATE));
        found.add(new RendererVersion(RenderCommand.SIMULATE, SIMULATOR_VERSION));
        this.renderers = List.copyOf(found);
        Set<String> all = new LinkedHashSet<>();
        renderers.forEach(r -> all.add(r.renderer()));
        this.names = Set.copyOf(all);
        this.simulateMaya = simulateMaya;
        this.executable = executable;
        this.executables = Map.copyOf(executables);
    }

    /**
     * The renderers of Maya installations, newest first: each of {@code allowed} that an installation has, once, from
     * the newest that has it, run by that installation's {@code Render}.
     */
    public static InstalledRenderers discovered(List<MayaInstall> installs, List<String> allowed) {
        Set<String> wanted = Set.copyOf(validNames(allowed));
        Map<String, RendererVersion> found = new LinkedHashMap<>();
        Map<String, String> executables = new LinkedHashMap<>();
        for (MayaInstall install : installs) {
            for (RendererVersion renderer : install.renderers()) {
                if (wanted.contains(renderer.renderer()) && !found.containsKey(renderer.renderer())) {
                    found.put(renderer.renderer(), renderer);
                    executables.put(renderer.renderer(), install.render().toString());
                }
            }
        }
        return new InstalledRenderers(List.copyOf(found.values()), false, DEFAULT_EXECUTABLE, executables);
    }

    private static InstalledRenderers fromConfig(AgentConfig config) {
        AgentConfig.Maya maya = config.maya();
        if (maya.simulate()) {
            return new InstalledRenderers(maya.renderers(), maya.version(), true, true,
                    maya.renderExecutable().orElse(DEFAULT_EXECUTABLE));
        }
        if (maya.renderExecutable().isPresent()) {
            String executable = maya.renderExecutable().get();
            boolean present = RendererProcess.runnable(executable);
            LOG.infof("Maya: %s (yuntu.agent.maya.render-executable)%s", executable, present ? "" : ", not found");
            return new InstalledRenderers(maya.renderers(), maya.version(), false, present, executable);
        }
        List<MayaInstall> installs = MayaInstalls.discover(maya.locations().orElse(List.of()),
                MayaInstalls.Layout.ofThisNode());
        if (!installs.isEmpty()) {
            for (MayaInstall install : installs) {
                LOG.infof("Maya %s at %s: %s", install.version(), install.home(), install.renderers());
            }
            return discovered(installs, maya.renderers());
        }
        boolean present = RendererProcess.runnable(DEFAULT_EXECUTABLE);
        LOG.infof("No Maya installation found; %s", present ? "Render on PATH runs Maya's jobs" : "no Render on PATH either");
        return new InstalledRenderers(maya.renderers(), maya.version(), false, present, DEFAULT_EXECUTABLE);
    }

    private static List<RendererVersion> configured(List<String> mayaRenderers, String mayaVersion, boolean present) {
        List<String> valid = validNames(mayaRenderers);
        return present ? valid.stream().map(name -> new RendererVersion(name, mayaVersion)).toList() : List.of();
    }

    private static List<String> validNames(List<String> mayaRenderers) {
        List<String> valid = new ArrayList<>();
        for (String renderer : mayaRenderers) {
            String name = renderer.trim();
            // A bad name would make the lane subscription fail on every poll; say so at start instead.
            if (!LANE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("yuntu.agent.maya.renderers: '" + name
                        + "' is not a renderer name (letters, digits, '_' and '-' only)");
            }
            valid.add(name);
        }
        return valid;
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

    /** Maya's {@code Render} that runs jobs of {@code renderer}. */
    public String executable(String renderer) {
        return executables.getOrDefault(renderer, executable);
    }
}
