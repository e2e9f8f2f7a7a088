package cloud.yuntu.gateway.proxy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Points the gateway's task and file routes at a {@link StandInTaskService} and its scene route at
 * a port where nothing listens, to see how the proxy answers when a service is down.
 */
public class ProxiedServices implements QuarkusTestResourceLifecycleManager {

    private StandInTaskService tasks;

    @Override
    public Map<String, String> start() {
        try {
            tasks = new StandInTaskService();
            return Map.of(
                    "yuntu.gateway.routes.tasks", tasks.baseUri(),
                    "yuntu.gateway.routes.files", tasks.baseUri(),
                    "yuntu.gateway.routes.scenes", "http://127.0.0.1:" + portNobodyListensOn());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(tasks, new TestInjector.MatchesType(StandInTaskService.class));
    }

    @Override
    public void stop() {
        tasks.close();
    }

    private static int portNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
