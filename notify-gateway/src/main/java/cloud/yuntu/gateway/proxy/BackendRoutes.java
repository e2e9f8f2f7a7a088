package cloud.yuntu.gateway.proxy;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * Which service answers which {@code /api} path prefix. Only these prefixes are proxied: the
 * services' operational {@code /q/*} endpoints are never reachable through the gateway.
 */
@ApplicationScoped
public class BackendRoutes {

    private final Map<String, Backend> byPrefix;

    BackendRoutes(RoutesConfig config) {
        Backend taskService = new Backend("task-service", config.tasks());
        Backend fileService = new Backend("file-service", config.files());
        this.byPrefix = Map.of(
                "/api/tasks", taskService,
                // task-service issues tokens and keeps the local accounts.
                "/api/auth", taskService,
                "/api/accounts", taskService,
                // Hardware tiers and, for operators, the agent registry live with the scheduler.
                "/api/tiers", taskService,
                "/api/agents", taskService,
                // Operators drain and resume agents at task-service, which commands them; the gateway's own
                // /api/admin paths (push, notifications) are its resources and never proxied.
                "/api/admin/agents", taskService,
                "/api/files", fileService,
                // Content-addressed assets: checked and uploaded by digest at file-service.
                "/api/assets", fileService,
                "/api/scenes", new Backend("scene-service", config.scenes()));
    }

    /** The backend for a path: its prefix exactly, or the prefix followed by {@code /}. */
    public Optional<Backend> forPath(String path) {
        return byPrefix.entrySet().stream()
                .filter(route -> path.equals(route.getKey()) || path.startsWith(route.getKey() + "/"))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** A regular expression matching every path some backend answers. */
    public String pathPattern() {
        return "^(" + String.join("|", byPrefix.keySet()) + ")(/.*)?$";
    }
}
