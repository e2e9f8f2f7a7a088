package cloud.yuntu.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BackendRoutesTest {

    private static final BackendRoutes ROUTES = new BackendRoutes(new RoutesConfig() {
        @Override
        public URI tasks() {
            return URI.create("http://tasks:8081");
        }

        @Override
        public URI files() {
            return URI.create("http://files:8082");
        }

        @Override
        public URI scenes() {
            return URI.create("http://scenes:8083");
        }
    });

    @Test
    void assetsAreAnsweredByFileService() {
        for (String path : new String[] {"/api/assets", "/api/assets/check", "/api/assets/" + "ab".repeat(32)}) {
            assertThat(ROUTES.forPath(path)).as(path).hasValueSatisfying(backend -> {
                assertThat(backend.name()).isEqualTo("file-service");
                assertThat(backend.baseUri()).isEqualTo(URI.create("http://files:8082"));
            });
            assertThat(Pattern.compile(ROUTES.pathPattern()).matcher(path).matches()).as(path).isTrue();
        }
    }

    @Test
    void onlyWholePrefixesRoute() {
        assertThat(ROUTES.forPath("/api/assetsx")).isEmpty();
        assertThat(Pattern.compile(ROUTES.pathPattern()).matcher("/api/assetsx").matches()).isFalse();
        assertThat(ROUTES.forPath("/q/health")).isEmpty();
    }

    @Test
    void drainingAndResumingAnAgentIsAnsweredByTaskService() {
        for (String path : new String[] {"/api/admin/agents/node-7/drain", "/api/admin/agents/node-7/resume"}) {
            assertThat(ROUTES.forPath(path)).as(path).hasValueSatisfying(backend ->
                    assertThat(backend.name()).isEqualTo("task-service"));
            assertThat(Pattern.compile(ROUTES.pathPattern()).matcher(path).matches()).as(path).isTrue();
        }
    }

    @Test
    void theGatewaysOwnAdminPathsAreNeverForwarded() {
        for (String path : new String[] {"/api/admin", "/api/admin/push/stats", "/api/admin/push/users/alice/disconnect",
                "/api/admin/notifications"}) {
            assertThat(ROUTES.forPath(path)).as(path).isEmpty();
            assertThat(Pattern.compile(ROUTES.pathPattern()).matcher(path).matches()).as(path).isFalse();
        }
    }

    @Test
    void theOtherServicesKeepTheirPrefixes() {
        assertThat(ROUTES.forPath("/api/files/results/x")).map(Backend::name).hasValue("file-service");
        assertThat(ROUTES.forPath("/api/tiers")).map(Backend::name).hasValue("task-service");
        assertThat(ROUTES.forPath("/api/scenes/shot.ma/analysis")).map(Backend::name).hasValue("scene-service");
    }
}
