package cloud.yuntu.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.deploy.local.FarmSettings.ServiceSettings;
import cloud.yuntu.deploy.postgres.DatabaseUser;
import cloud.yuntu.deploy.postgres.PostgresServer;
import cloud.yuntu.deploy.secrets.FarmSecrets;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FarmSettingsTest {

    @TempDir
    Path dataDir;

    private FarmSecrets secrets;
    private FarmSettings settings;

    @BeforeEach
    void farm() {
        secrets = FarmSecrets.in(dataDir.resolve("secrets"));
        FarmOptions options = new FarmOptions(dataDir, dataDir, "yuntu_test", false, 1, 1);
        settings = new FarmSettings(options, secrets, "127.0.0.1:9092",
                s -> URI.create("http://127.0.0.1:" + s.defaultPort()), PostgresServer.local(), DatabaseUser.localDefault());
    }

    /** What lands on a command line is readable by every user of the machine in {@code ps}. */
    @ParameterizedTest
    @EnumSource(FarmService.class)
    void noSecretOnTheCommandLine(FarmService service) {
        ServiceSettings s = settings.of(service);
        List<String> secretValues = List.of(secrets.urlSigningKey(), secrets.agentSecret(), secrets.serviceSecret(),
                secrets.jobGrantSecret(), secrets.adminPassword());
        assertThat(String.join(" ", s.properties().values())).doesNotContain(secretValues);
        assertThat(s.properties().keySet()).noneMatch(k -> k.contains("password") || k.contains("secret") || k.endsWith("signing-key"));
    }

    @ParameterizedTest
    @EnumSource(value = FarmService.class, names = "GATEWAY", mode = EnumSource.Mode.EXCLUDE)
    void onlyTheGatewayListensBeyondLoopback(FarmService service) {
        assertThat(settings.of(service).properties()).containsEntry("quarkus.http.host", "127.0.0.1");
        assertThat(settings.of(FarmService.GATEWAY).properties()).containsEntry("quarkus.http.host", "0.0.0.0")
                .containsEntry("quarkus.management.host", "127.0.0.1");
    }

    @ParameterizedTest
    @EnumSource(FarmService.class)
    void everyProcessVerifiesTokensOfTheFarmItself(FarmService service) {
        assertThat(settings.of(service).properties())
                .containsEntry("mp.jwt.verify.publickey.location", secrets.tokenKeys().publicKey().toString())
                .containsEntry("mp.jwt.verify.issuer", "https://yuntu.local");
    }

    @Test
    void onlyTaskServiceSignsTokensAndHoldsTheIdentitySecrets() {
        ServiceSettings task = settings.of(FarmService.TASK);
        assertThat(task.properties()).containsEntry("smallrye.jwt.sign.key.location", secrets.tokenKeys().privateKey().toString())
                .containsEntry("smallrye.jwt.new-token.issuer", "https://yuntu.local");
        assertThat(task.environment()).containsEntry("YUNTU_IDENTITY_BOOTSTRAP_ADMIN_PASSWORD", secrets.adminPassword())
                .containsEntry("YUNTU_IDENTITY_AGENT_SECRET", secrets.agentSecret())
                .containsEntry("YUNTU_IDENTITY_SERVICE_SECRET", secrets.serviceSecret())
                .containsEntry("YUNTU_IDENTITY_JOB_GRANT_SECRET", secrets.jobGrantSecret())
                .containsEntry("QUARKUS_DATASOURCE_PASSWORD", "yuntu");
        for (FarmService other : List.of(FarmService.FILE, FarmService.SCENE, FarmService.GATEWAY, FarmService.AGENT)) {
            assertThat(settings.of(other).properties()).as(other.name()).doesNotContainKey("smallrye.jwt.sign.key.location");
            assertThat(settings.of(other).environment()).as(other.name())
                    .doesNotContainKeys("YUNTU_IDENTITY_AGENT_SECRET", "YUNTU_IDENTITY_SERVICE_SECRET",
                            "YUNTU_IDENTITY_BOOTSTRAP_ADMIN_PASSWORD");
        }
    }

    @Test
    void fileServiceChecksGrantsAndSignsUrlsThatLeadThroughTheGateway() {
        ServiceSettings file = settings.of(FarmService.FILE);
        assertThat(file.environment()).containsEntry("YUNTU_FILE_SIGNING_KEY", secrets.urlSigningKey())
                .containsEntry("YUNTU_IDENTITY_JOB_GRANT_SECRET", secrets.jobGrantSecret());
        assertThat(file.properties()).containsEntry("yuntu.file.public-url", "http://127.0.0.1:8080");
    }

    @Test
    void agentsAndSceneServiceSignInWithTheirOwnCredential() {
        ServiceSettings agent = settings.of(FarmService.AGENT);
        ServiceSettings scene = settings.of(FarmService.SCENE);
        assertThat(agent.properties()).containsEntry("yuntu.credentials.token-url", "http://127.0.0.1:8081/api/auth/token")
                .containsEntry("quarkus.rest-client.file-service.url", "http://127.0.0.1:8082")
                .containsEntry("quarkus.rest-client.task-service.url", "http://127.0.0.1:8081");
        assertThat(agent.environment()).containsExactlyEntriesOf(Map.of("YUNTU_CREDENTIALS_CLIENT_SECRET", secrets.agentSecret()));
        assertThat(scene.properties()).containsEntry("yuntu.credentials.client-id", "scene-service")
                .containsEntry("yuntu.credentials.token-url", "http://127.0.0.1:8081/api/auth/token")
                .containsEntry("quarkus.rest-client.file-service.url", "http://127.0.0.1:8082");
        assertThat(scene.environment()).containsEntry("YUNTU_CREDENTIALS_CLIENT_SECRET", secrets.serviceSecret());
    }

    @Test
    void agentsAssumeTheDeliveryCountLimitOfTheFarmsBroker() {
        // the broker archives a job released on this delivery; the agent hands such a job back to task-service instead
        assertThat(settings.of(FarmService.AGENT).properties())
                .containsEntry("yuntu.agent.share-group.delivery-count-limit", Integer.toString(LocalFarm.BROKER.deliveryCountLimit()));
        assertThat(LocalFarm.BROKER.deliveryCountLimit()).as("Kafka's default, the agent's default too").isEqualTo(5);
    }
}
