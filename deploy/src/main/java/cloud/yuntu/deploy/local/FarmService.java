package cloud.yuntu.deploy.local;

/** The processes of a farm, with their module directory and local default HTTP port. */
public enum FarmService {
    FILE("file-service", 8082, true),
    SCENE("scene-service", 8083, true),
    TASK("task-service", 8081, true),
    GATEWAY("notify-gateway", 8080, true),
    AGENT("render-agent", 8084, false);

    private final String module;
    private final int defaultPort;
    private final boolean usesDatabase;

    FarmService(String module, int defaultPort, boolean usesDatabase) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.usesDatabase = usesDatabase;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public boolean usesDatabase() {
        return usesDatabase;
    }
}
