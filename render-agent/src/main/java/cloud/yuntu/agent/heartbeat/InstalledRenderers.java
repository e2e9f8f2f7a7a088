package cloud.yuntu.agent.heartbeat;

import cloud.yuntu.agent.AgentConfig;
import cloud.yuntu.agent.render.RenderCommand;
import cloud.yuntu.contracts.agent.AgentHeartbeat.RendererVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renderers this node can run: the simulated one always, Maya's only when its {@code Render}
 * executable is actually there, so the scheduler never sends Maya work to a node without Maya.
 */
@ApplicationScoped
public class InstalledRenderers {

    static final String SIMULATOR_VERSION = "1.0";

    private final List<RendererVersion> renderers;

    InstalledRenderers(AgentConfig config) {
        List<RendererVersion> found = new ArrayList<>();
        if (executableExists(config.maya().renderExecutable())) {
            config.maya().renderers().forEach(r -> found.add(new RendererVersion(r, config.maya().version())));
        }
        found.add(new RendererVersion(RenderCommand.SIMULATE, SIMULATOR_VERSION));
        this.renderers = List.copyOf(found);
    }

    public List<RendererVersion> list() {
        return renderers;
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
