package cloud.yuntu.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.deploy.secrets.TokenKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests as the cluster would read them: no secret reaches a pod that it does
 * not need, no pod starts with a placeholder or a default password (the check script is run
 * here, as the init containers run it), and the network lets only the gateway be reached from
 * outside.
 */
class ManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final String VERIFY_KEY = "/etc/yuntu/token-keys/token-verify-key.pem";
    private static final String SIGNING_KEY = "/etc/yuntu/token-keys/token-signing-key.pem";
    private static final Set<String> BACKENDS = Set.of("task-service", "file-service", "scene-service");

    private static final List<JsonNode> documents = new ArrayList<>();

    @TempDir
    Path work;

    @BeforeAll
    static void read() throws IOException {
        ObjectMapper yaml = new YAMLMapper();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var parser = new YAMLFactory().createParser(file.toFile())) {
                    yaml.readValues(parser, JsonNode.class).readAll().stream().filter(d -> !d.isNull())
                            .forEach(d -> documents.add(((ObjectNode) d).put("_file", file.getFileName().toString())));
                }
            }
        }
    }

    private static List<JsonNode> kind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    private static JsonNode named(String kind, String name) {
        return kind(kind).stream().filter(d -> name.equals(d.path("metadata").path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static List<JsonNode> workloads() {
        return Stream.concat(kind("Deployment").stream(), kind("DaemonSet").stream()).toList();
    }

    private static String appOf(JsonNode workload) {
        return workload.path("spec").path("template").path("metadata").path("labels").path("app.kubernetes.io/name").asText();
    }

    private static JsonNode container(JsonNode workload, String list, int i) {
        return workload.path("spec").path("template").path("spec").path(list).path(i);
    }

    /** name -> secret key, for every variable taken from the Secret. */
    private static Map<String, String> secretEnv(JsonNode container) {
        Map<String, String> refs = new HashMap<>();
        for (JsonNode env : container.path("env")) {
            JsonNode ref = env.path("valueFrom").path("secretKeyRef");
            if (!ref.isMissingNode()) {
                assertThat(ref.path("name").asText()).isEqualTo("yuntu-secrets");
                refs.put(env.path("name").asText(), ref.path("key").asText());
            }
        }
        return refs;
    }

    private static String envValue(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (name.equals(env.path("name").asText())) {
                return env.path("value").asText();
            }
        }
        throw new AssertionError(container.path("name").asText() + " has no " + name);
    }

    @Test
    void kustomizationAppliesEveryManifest() throws IOException {
        JsonNode kustomization = new YAMLMapper().readTree(K8S.resolve("kustomization.yaml").toFile());
        Set<String> listed = new HashSet<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        try (Stream<Path> files = Files.list(K8S)) {
            assertThat(listed).containsExactlyInAnyOrderElementsOf(files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml")).toList());
        }
    }

    @Test
    void theRepositoryHoldsPlaceholdersOnly() {
        named("Secret", "yuntu-secrets").path("stringData").properties()
                .forEach(e -> assertThat(e.getValue().asText()).as(e.getKey()).contains("replace-me"));
        named("Secret", "yuntu-token-keys").path("stringData").properties()
                .forEach(e -> assertThat(e.getValue().asText()).as(e.getKey()).contains("replace-me").doesNotContain("BEGIN"));
    }

    /** envFrom a whole Secret would hand every service every secret, and values on args would show in the pod spec's command. */
    @Test
    void everyPodGetsOnlyTheSecretsItNamesAndChecksThemBeforeStarting() {
        Set<String> secretKeys = new HashSet<>();
        named("Secret", "yuntu-secrets").path("stringData").fieldNames().forEachRemaining(secretKeys::add);
        assertThat(workloads()).as("four services and one agent DaemonSet per tier").hasSize(7);
        for (JsonNode workload : workloads()) {
            String app = appOf(workload);
            JsonNode main = container(workload, "containers", 0);
            JsonNode check = container(workload, "initContainers", 0);
            assertThat(check.path("name").asText()).as(app).isEqualTo("check-secrets");
            assertThat(check.path("command").toString()).as(app).contains("/yuntu-check/check.sh");
            assertThat(main.path("envFrom").toString()).as(app).doesNotContain("secretRef");
            assertThat(main.path("args").isMissingNode() && main.path("command").isMissingNode()).as(app).isTrue();

            Map<String, String> mainSecrets = secretEnv(main);
            assertThat(mainSecrets.values()).as(app).allMatch(secretKeys::contains);
            assertThat(secretEnv(check)).as(app + ": the check sees what the service gets").isEqualTo(mainSecrets);
            assertThat(Arrays.stream(envValue(check, "YUNTU_CHECK_VARS").split(" ")).filter(s -> !s.isEmpty()).toList()).as(app)
                    .containsExactlyInAnyOrderElementsOf(mainSecrets.keySet());
            List<String> files = Arrays.asList(envValue(check, "YUNTU_CHECK_FILES").split(" "));
            assertThat(files).as(app).contains(VERIFY_KEY);
            if (app.equals("task-service")) {
                assertThat(files).contains(SIGNING_KEY);
            }
        }
    }

    @Test
    void onlyTaskServiceHoldsTheTokenSigningKeyAndTheIdentitySecrets() {
        for (JsonNode workload : workloads()) {
            String app = appOf(workload);
            boolean issuer = app.equals("task-service");
            String volumes = workload.path("spec").path("template").path("spec").path("volumes").toString();
            assertThat(volumes).as(app).contains("token-verify-key.pem");
            assertThat(volumes.contains("token-signing-key.pem")).as(app).isEqualTo(issuer);
            Map<String, String> secrets = secretEnv(container(workload, "containers", 0));
            assertThat(secrets.containsValue("YUNTU_IDENTITY_BOOTSTRAP_ADMIN_PASSWORD")).as(app).isEqualTo(issuer);
            assertThat(secrets.containsKey("YUNTU_IDENTITY_SERVICE_SECRET")).as(app).isEqualTo(issuer);
            assertThat(secrets.containsKey("YUNTU_IDENTITY_AGENT_SECRET")).as(app).isEqualTo(issuer);
        }
        assertThat(secretEnv(container(named("DaemonSet", "render-agent-high"), "containers", 0)))
                .containsExactly(Map.entry("YUNTU_CREDENTIALS_CLIENT_SECRET", "YUNTU_IDENTITY_AGENT_SECRET"));
        // The gateway holds the database password only (for the users' event streams), no identity secret.
        assertThat(secretEnv(container(named("Deployment", "notify-gateway"), "containers", 0)))
                .containsExactly(Map.entry("QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_DATASOURCE_PASSWORD"));
    }

    @Test
    void fileServiceStoresInOssAndOnlyItHoldsTheOssAccessKey() {
        JsonNode storage = named("ConfigMap", "yuntu-file-storage").path("data");
        assertThat(storage.path("YUNTU_FILE_BACKEND").asText()).isEqualTo("oss");
        for (String name : List.of("YUNTU_FILE_OSS_REGION", "YUNTU_FILE_OSS_ENDPOINT", "YUNTU_FILE_OSS_PUBLIC_ENDPOINT",
                "YUNTU_FILE_OSS_BUCKET")) {
            assertThat(storage.path(name).asText()).as(name).isNotBlank();
        }
        for (JsonNode workload : workloads()) {
            String app = appOf(workload);
            boolean files = app.equals("file-service");
            JsonNode main = container(workload, "containers", 0);
            assertThat(main.path("envFrom").toString().contains("yuntu-file-storage")).as(app).isEqualTo(files);
            Set<String> ossSecrets = new HashSet<>(secretEnv(main).values());
            ossSecrets.retainAll(Set.of("YUNTU_FILE_OSS_ACCESS_KEY_ID", "YUNTU_FILE_OSS_ACCESS_KEY_SECRET"));
            assertThat(ossSecrets).as(app).hasSize(files ? 2 : 0);
        }
    }

    @Test
    void theGatewaysOperationalEndpointsStayOffItsPublicPort() {
        JsonNode gateway = container(named("Deployment", "notify-gateway"), "containers", 0);
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            assertThat(gateway.path(probe).path("httpGet").path("port").asText()).as(probe).isEqualTo("management");
        }
        assertThat(named("Service", "notify-gateway").path("spec").path("ports").toString()).doesNotContain("9000", "management");
    }

    // ---- the check the init containers run, run here with the Secret's own values ----

    private static String checkScript() {
        return named("ConfigMap", "yuntu-secret-check").path("data").path("check.sh").asText();
    }

    private int check(Map<String, String> env, String vars, String files) throws Exception {
        Path script = work.resolve("check.sh");
        Files.writeString(script, checkScript());
        ProcessBuilder builder = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().putAll(env);
        builder.environment().put("YUNTU_CHECK_VARS", vars);
        builder.environment().put("YUNTU_CHECK_FILES", files);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        System.out.println("check.sh -> " + status + ": " + output.strip());
        return status;
    }

    private static Map<String, String> secretAsShipped() {
        Map<String, String> env = new HashMap<>();
        named("Secret", "yuntu-secrets").path("stringData").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    private static Map<String, String> realSecrets() {
        Map<String, String> env = new HashMap<>();
        SecureRandom random = new SecureRandom();
        for (String name : secretAsShipped().keySet()) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            env.put(name, Base64.getEncoder().encodeToString(bytes));
        }
        return env;
    }

    private static String allVars() {
        return String.join(" ", secretAsShipped().keySet());
    }

    @Test
    void aPodWithRealSecretsAndKeysStarts() throws Exception {
        TokenKeys keys = TokenKeys.in(work.resolve("keys"));
        assertThat(check(realSecrets(), allVars(), keys.publicKey() + " " + keys.privateKey())).isZero();
    }

    @Test
    void everyPlaceholderOfTheShippedSecretIsRefused() throws Exception {
        TokenKeys keys = TokenKeys.in(work.resolve("keys"));
        for (Map.Entry<String, String> placeholder : secretAsShipped().entrySet()) {
            Map<String, String> env = realSecrets();
            env.put(placeholder.getKey(), placeholder.getValue());
            assertThat(check(env, allVars(), keys.publicKey().toString())).as(placeholder.getKey()).isNotZero();
        }
    }

    @Test
    void theDefaultDatabasePasswordAMissingOrShortSecretAreRefused() throws Exception {
        Map<String, String> env = realSecrets();
        env.put("QUARKUS_DATASOURCE_PASSWORD", "yuntu");
        assertThat(check(env, allVars(), "")).isNotZero();
        assertThat(check(env, "", "")).as("even when not listed").isNotZero();

        env = realSecrets();
        env.remove("YUNTU_IDENTITY_AGENT_SECRET");
        assertThat(check(env, allVars(), "")).isNotZero();

        env = realSecrets();
        env.put("YUNTU_IDENTITY_JOB_GRANT_SECRET", "short-but-not-a-placeholder");
        assertThat(check(env, allVars(), "")).isNotZero();
    }

    @Test
    void ossAccessKeysOfAliyunsLengthPassButShorterOnesAreRefused() throws Exception {
        Map<String, String> env = realSecrets();
        env.put("YUNTU_FILE_OSS_ACCESS_KEY_ID", "LTAI5tQ2x9mZr7KdWv3Hn8Yp");
        env.put("YUNTU_FILE_OSS_ACCESS_KEY_SECRET", "q8Zr2mX7vK1nB4cW9dT6yH3jL5sF0a");
        assertThat(check(env, allVars(), "")).isZero();

        env.put("YUNTU_FILE_OSS_ACCESS_KEY_ID", "LTAI5tQ2");
        assertThat(check(env, allVars(), "")).isNotZero();
    }

    @Test
    void placeholderMissingOrNonPemKeyFilesAreRefused() throws Exception {
        Path placeholder = work.resolve("placeholder.pem");
        Files.writeString(placeholder, named("Secret", "yuntu-token-keys").path("stringData").path("token-verify-key.pem").asText());
        Path notPem = work.resolve("not.pem");
        Files.writeString(notPem, "just some text");
        assertThat(check(Map.of(), "", placeholder.toString())).isNotZero();
        assertThat(check(Map.of(), "", notPem.toString())).isNotZero();
        assertThat(check(Map.of(), "", work.resolve("absent.pem").toString())).isNotZero();
        assertThat(check(Map.of(), "", TokenKeys.in(work.resolve("keys")).publicKey().toString())).isZero();
    }

    // ---- the network ----

    @Test
    void everythingIsDeniedUnlessAllowed() {
        JsonNode deny = named("NetworkPolicy", "default-deny-ingress").path("spec");
        assertThat(deny.path("podSelector").isEmpty()).isTrue();
        assertThat(deny.path("policyTypes").toString()).contains("Ingress");
        assertThat(deny.path("ingress").isMissingNode()).isTrue();
    }

    @Test
    void onlyTheGatewaysPublicPortIsOpenToAnyone() {
        for (JsonNode policy : kind("NetworkPolicy")) {
            String name = policy.path("metadata").path("name").asText();
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                if (rule.path("from").isMissingNode()) {
                    assertThat(name).isEqualTo("notify-gateway");
                    assertThat(rule.path("ports").toString()).isEqualTo("[{\"port\":8080,\"protocol\":\"TCP\"}]");
                }
            }
        }
    }

    @Test
    void servicesAreReachedOnlyByTheGatewayAgentsEachOtherAndMonitoring() {
        Set<String> allowedPeers = Set.of("notify-gateway", "render-agent", "task-service", "file-service", "scene-service");
        Set<String> covered = new HashSet<>();
        for (JsonNode policy : kind("NetworkPolicy")) {
            String app = policy.path("spec").path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText();
            covered.add(app);
            if (!BACKENDS.contains(app) && !app.equals("render-agent")) {
                continue;
            }
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                assertThat(rule.path("from").isMissingNode()).as(app).isFalse();
                for (JsonNode peer : rule.path("from")) {
                    if (peer.has("namespaceSelector")) {
                        assertThat(peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText())
                                .as(app).isEqualTo("monitoring");
                        assertThat(peer.has("podSelector")).isFalse();
                    } else {
                        String from = peer.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText();
                        assertThat(from).as(app).isIn(allowedPeers).isNotEqualTo(app);
                        assertThat(app).as("render agents serve nobody but monitoring").isNotEqualTo("render-agent");
                    }
                }
            }
        }
        assertThat(covered).containsAll(workloads().stream().map(ManifestsTest::appOf).toList());
        assertThat(named("NetworkPolicy", "scene-service").path("spec").path("ingress").toString())
                .as("users reach scene-service through the gateway only").doesNotContain("render-agent");
    }

    @Test
    void agentsReachFileServiceAndTaskServiceWhereTheirServicesListen() {
        JsonNode config = named("ConfigMap", "yuntu-config").path("data");
        for (String app : List.of("file-service", "task-service")) {
            String variable = "QUARKUS_REST_CLIENT_" + app.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_URL";
            int port = named("Service", app).path("spec").path("ports").path(0).path("port").asInt();
            // The agents read the tiers (platform TierApi) from task-service and presign at file-service.
            assertThat(config.path(variable).asText()).as(variable).isEqualTo("http://" + app + ".yuntu.svc:" + port);
            assertThat(named("NetworkPolicy", app).path("spec").path("ingress").toString()).as(app + " lets agents in")
                    .contains("render-agent").contains("\"port\":" + port);
        }
        for (JsonNode agent : kind("DaemonSet")) {
            assertThat(container(agent, "containers", 0).path("envFrom").toString()).as(agent.path("metadata").path("name").asText())
                    .contains("yuntu-config");
        }
    }

    @Test
    void agentsAreToldTheBrokersDeliveryCountLimit() {
        JsonNode config = named("ConfigMap", "yuntu-config").path("data");
        // A job an agent cannot run on its last delivery is handed back, not released into the broker's archive.
        assertThat(config.path("YUNTU_AGENT_SHARE_GROUP_DELIVERY_COUNT_LIMIT").asText())
                .isEqualTo(Integer.toString(cloud.yuntu.deploy.kafka.BrokerSettings.production().deliveryCountLimit()));
    }

    @Test
    void renderNodesHaveAnInitThatReapsWhatTheAgentsKillsOrphan() {
        List<JsonNode> agents = kind("DaemonSet");
        assertThat(agents).isNotEmpty();
        for (JsonNode agent : agents) {
            assertThat(agent.path("spec").path("template").path("spec").path("shareProcessNamespace").asBoolean())
                    .as(agent.path("metadata").path("name").asText()).isTrue();
        }
    }
}
