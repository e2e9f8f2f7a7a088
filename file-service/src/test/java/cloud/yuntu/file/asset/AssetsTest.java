package cloud.yuntu.file.asset;

import static cloud.yuntu.file.Identities.asAdmin;
import static cloud.yuntu.file.Identities.asAgent;
import static cloud.yuntu.file.Identities.asUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.Identities;
import cloud.yuntu.file.IndependentDigest;
import cloud.yuntu.file.storage.ObjectStore;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class AssetsTest {

    @Inject
    ObjectStore store;

    @Inject
    FileConfig config;

    @Test
    void anUploadStoresTheContentUnderItsDigestAndTheCheckThenFindsIt() throws IOException {
        byte[] content = randomContent(10_000);
        IndependentDigest.Result digest = IndependentDigest.of(content);
        byte[] other = randomContent(5);
        String otherSha = IndependentDigest.of(other).sha256();

        check(asUser("alice"), claim(digest.sha256(), content.length), claim(otherSha, 5))
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("missing", contains(digest.sha256(), otherSha));

        put(asUser("alice"), digest.sha256(), content)
                .then().statusCode(201).contentType(ContentType.JSON)
                .body("sha256", equalTo(digest.sha256()), "size", equalTo(content.length), "xxh64", equalTo(digest.xxh64()));

        check(asUser("alice"), claim(digest.sha256(), content.length), claim(otherSha, 5))
                .then().statusCode(200).body("missing", contains(otherSha));
        assertThat(stored(digest.sha256())).isEqualTo(content);
    }

    @Test
    void aClaimOfAnotherSizeIsStillMissing() {
        byte[] content = randomContent(100);
        String sha256 = IndependentDigest.of(content).sha256();
        put(asUser("alice"), sha256, content).then().statusCode(201);

        check(asUser("alice"), claim(sha256, 99)).then().statusCode(200).body("missing", contains(sha256));
    }

    @Test
    void uploadingAgainAnswers200AndKeepsTheContent() throws IOException {
        byte[] content = randomContent(3_000);
        String sha256 = IndependentDigest.of(content).sha256();

        put(asUser("alice"), sha256, content).then().statusCode(201);
        put(asUser("alice"), sha256, content).then().statusCode(200).body("sha256", equalTo(sha256), "size", equalTo(3_000));

        assertThat(stored(sha256)).isEqualTo(content);
        check(asUser("alice"), claim(sha256, 3_000)).then().statusCode(200).body("missing", empty());
    }

    @Test
    void contentOthersUploadedStaysMissingUntilTheCallerUploadsItThemselves() throws IOException {
        byte[] content = randomContent(2_000);
        String sha256 = IndependentDigest.of(content).sha256();
        put(asUser("bob"), sha256, content).then().statusCode(201);

        // Nothing tells alice that bob has these bytes: not the check, not the status of her upload.
        check(asUser("alice"), claim(sha256, 2_000)).then().statusCode(200).body("missing", contains(sha256));
        put(asUser("alice"), sha256, content).then().statusCode(201).body("sha256", equalTo(sha256));
        check(asUser("alice"), claim(sha256, 2_000)).then().statusCode(200).body("missing", empty());

        check(asUser("bob"), claim(sha256, 2_000)).then().statusCode(200).body("missing", empty());
        assertThat(stored(sha256)).isEqualTo(content);
    }

    @Test
    void anotherUsersClaimOfStoredContentIsNotTakenOnTrust() throws IOException {
        byte[] content = randomContent(1_000);
        String sha256 = IndependentDigest.of(content).sha256();
        put(asUser("bob"), sha256, content).then().statusCode(201);

        // mallory names bob's content but cannot send its bytes: refused, and she gains no reference.
        put(asUser("mallory"), sha256, randomContent(1_000)).then().statusCode(422);
        check(asUser("mallory"), claim(sha256, 1_000)).then().statusCode(200).body("missing", contains(sha256));
        assertThat(stored(sha256)).isEqualTo(content);
    }

    @Test
    void adminsSeeEveryStoredContent() {
        byte[] content = randomContent(700);
        String sha256 = IndependentDigest.of(content).sha256();
        check(asAdmin(), claim(sha256, 700)).then().statusCode(200).body("missing", contains(sha256));
        put(asUser("bob"), sha256, content).then().statusCode(201);

        check(asAdmin(), claim(sha256, 700)).then().statusCode(200).body("missing", empty());
    }

    @Test
    void aBodyThatDoesNotHashToItsNameIs422AndNothingIsKept() throws IOException {
        byte[] content = randomContent(4_096);
        String claimed = IndependentDigest.of(randomContent(4_096)).sha256();
        Set<Path> stagingBefore = staging();

        put(asUser("alice"), claimed, content)
                .then().statusCode(422).contentType("application/problem+json")
                .body("status", equalTo(422), "errors[0].field", equalTo("sha256"));

        assertThat(store.open(AssetKeys.of(claimed))).isEmpty();
        assertThat(store.open(AssetKeys.of(IndependentDigest.of(content).sha256()))).isEmpty();
        assertThat(staging()).isSubsetOf(stagingBefore);
        check(asUser("alice"), claim(claimed, 4_096)).then().statusCode(200).body("missing", contains(claimed));
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsRead() throws IOException {
        String sha256 = IndependentDigest.of(new byte[] {1}).sha256();
        long overLimit = config.maxObjectSize().asLongValue() + 1;
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            // The headers only: the body would be a byte over the limit, and none of it is ever sent.
            out.write(("PUT /api/assets/" + sha256 + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + Identities.tokens().user("alice") + "\r\n"
                    + "Content-Length: " + overLimit + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("\"status\":413");
        }
        assertThat(store.open(AssetKeys.of(sha256))).isEmpty();
    }

    @Test
    void aBodyWithoutDeclaredLengthIs411() throws Exception {
        byte[] content = randomContent(64);
        String sha256 = IndependentDigest.of(content).sha256();
        // A body publisher of unknown length: the JDK client sends it chunked.
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + RestAssured.port + "/api/assets/" + sha256))
                .header("Authorization", "Bearer " + Identities.tokens().user("alice"))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content)))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(411);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("\"field\":\"Content-Length\"");
        assertThat(storedOrNull(sha256)).isNull();
    }

    @Test
    void anEmptyAssetIsAnAssetToo() {
        String sha256 = IndependentDigest.of(new byte[0]).sha256();
        put(asUser("carol"), sha256, new byte[0]).then().statusCode(201).body("size", equalTo(0));
        check(asUser("carol"), claim(sha256, 0)).then().statusCode(200).body("missing", empty());
    }

    @Test
    void badClaimsAre422NamingTheField() {
        String good = "a".repeat(64);
        check(asUser("alice"), claim(good, 1), claim(good, 1), claim(good, 1), claim("A".repeat(64), 1))
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("assets[3].sha256"));
        check(asUser("alice"), claim(good, -1)).then().statusCode(422).body("errors[0].field", equalTo("assets[0].size"));
        asUser("alice").contentType(ContentType.JSON).body(Map.of("assets", List.of(Map.of("sha256", good))))
                .post("/api/assets/check").then().statusCode(422).body("errors[0].field", equalTo("assets[0].size"));
        asUser("alice").contentType(ContentType.JSON).body(Map.of("assets", List.of()))
                .post("/api/assets/check").then().statusCode(422).body("errors[0].field", equalTo("assets"));
        asUser("alice").contentType(ContentType.JSON).body("{}")
                .post("/api/assets/check").then().statusCode(422).body("errors[0].field", equalTo("assets"));

        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i <= config.assets().maxCheck(); i++) {
            tooMany.add(claim(good, 1));
        }
        asUser("alice").contentType(ContentType.JSON).body(Map.of("assets", tooMany))
                .post("/api/assets/check").then().statusCode(422).body("errors[0].field", equalTo("assets"));

        put(asUser("alice"), "not-a-digest", new byte[] {1})
                .then().statusCode(422).body("errors[0].field", equalTo("sha256"));
        put(asUser("alice"), "B".repeat(64), new byte[] {1})
                .then().statusCode(422).body("errors[0].field", equalTo("sha256"));
    }

    @Test
    void aTokenIsRequiredAndAgentsUploadNoAssets() {
        String sha256 = IndependentDigest.of(new byte[] {9}).sha256();
        check(given(), claim(sha256, 1)).then().statusCode(401);
        put(given(), sha256, new byte[] {9}).then().statusCode(401);
        check(asAgent("agent-1"), claim(sha256, 1)).then().statusCode(403).contentType("application/problem+json");
        put(asAgent("agent-1"), sha256, new byte[] {9}).then().statusCode(403);
        assertThat(storedOrNull(sha256)).isNull();
    }

    static Map<String, Object> claim(String sha256, long size) {
        return Map.of("sha256", sha256, "size", size);
    }

    @SafeVarargs
    static io.restassured.response.Response check(RequestSpecification as, Map<String, Object>... claims) {
        return as.contentType(ContentType.JSON).body(Map.of("assets", List.of(claims))).post("/api/assets/check");
    }

    static io.restassured.response.Response put(RequestSpecification as, String sha256, byte[] content) {
        return as.contentType(ContentType.BINARY).body(content).put("/api/assets/" + sha256);
    }

    static byte[] randomContent(int size) {
        byte[] content = new byte[size];
        ThreadLocalRandom.current().nextBytes(content);
        return content;
    }

    private byte[] stored(String sha256) throws IOException {
        byte[] bytes = storedOrNull(sha256);
        assertThat(bytes).as("bytes of asset " + sha256).isNotNull();
        return bytes;
    }

    private byte[] storedOrNull(String sha256) {
        try {
            var content = store.open(AssetKeys.of(sha256));
            if (content.isEmpty()) {
                return null;
            }
            try (var in = content.get().stream()) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Set<Path> staging() throws IOException {
        try (Stream<Path> files = Files.list(config.local().root().resolve(".staging"))) {
            return files.collect(Collectors.toSet());
        }
    }
}
