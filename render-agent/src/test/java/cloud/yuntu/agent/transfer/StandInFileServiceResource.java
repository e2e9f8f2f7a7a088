package cloud.yuntu.agent.transfer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts the {@link StandInFileService} before the agent and points the agent (its credential and tiers too) at it. */
public class StandInFileServiceResource implements QuarkusTestResourceLifecycleManager {

    private static StandInFileService service;

    public static synchronized StandInFileService service() {
        if (service == null) {
            try {
                service = new StandInFileService();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return service;
    }

    @Override
    public Map<String, String> start() {
        // The client id is left to its default, the agent id, which the stand-in checks.
        return Map.of("quarkus.rest-client.file-service.url", service().url(),
                "quarkus.rest-client.task-service.url", service().url(),
                "yuntu.credentials.token-url", service().url() + "/api/auth/token",
                "yuntu.credentials.client-secret", StandInFileService.AGENT_SECRET);
    }

    @Override
    public void stop() {
        // Shared by every application of this test JVM, like the broker.
    }
}
