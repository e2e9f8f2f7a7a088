package cloud.yuntu.file.upload.resumable;

import static cloud.yuntu.file.Identities.asAgent;
import static cloud.yuntu.file.Identities.asService;
import static cloud.yuntu.file.Identities.asUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.GeneratedBody;
import cloud.yuntu.file.Identities;
import cloud.yuntu.file.IndependentDigest;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The resumable upload API on the local backend ({@link OssResumableUploadTest}: the same on OSS).
 * Contents are generated part by part as they are sent, so tens of MB pass without being held.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class ResumableUploadTest {

    static final long MIB = 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    FileConfig config;

    @Inject
    UploadSweeper sweeper;

    @Inject
    Pool pool;

    /** Size of the large upload: 40 MB on disk; the OSS emulator keeps objects in memory, so less there. */
    long largeSize() {
        return 40 * MIB + 12_345;
    }

    long largePartSize() {
        return 8 * MIB;
    }

    /** Every scene object the store holds whose file name is {@code fileName} (on disk: files under scenes/). */
    List<String> storedScenes(String fileName) throws IOException {
        Path scenes = config.local().root().resolve("scenes");
        if (!Files.isDirectory(scenes)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(scenes)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().equals(fileName))
                    .map(Path::toString).toList();
        }
    }

    /** What the store still holds of uploads (part files; on OSS unfinished uploads and staging objects). */
    List<String> storeLeftovers() throws IOException {
        Path uploads = config.local().root().resolve(".uploads");
        try (Stream<Path> files = Files.list(uploads)) {
            return files.map(Path::toString).toList();
        }
    }

    @Test
    void anInterruptedUploadResumesFromTheMissingPartsAndCompletesWithTheRightDigests() throws Exception {
        Content content = new Content(largeSize(), largePartSize(), 11);
        String id = initiate(asUser("alice"), Map.of("kind", "scene", "fileName", "big shot.mb", "size", content.size,
                "partSize", content.partSize))
                .then().statusCode(201).body("partSize", equalTo((int) content.partSize),
                        "partCount", equalTo(content.partCount)).extract().path("uploadId");

        sendPart(id, content, 1).then().statusCode(200).body("partNumber", equalTo(1), "md5", equalTo(content.md5Hex(1)));
        sendPart(id, content, 3).then().statusCode(200);
        // The connection breaks in the middle of part 2.
        cutOff(id, content, 2);

        JsonNode held = describe(id);
        List<Integer> listed = held.get("parts").findValuesAsText("partNumber").stream().map(Integer::valueOf).toList();
        assertThat(listed).containsExactly(1, 3);
        assertThat(held.get("parts").get(1).get("size").asLong()).isEqualTo(content.sizeOf(3));
        for (int n = 1; n <= content.partCount; n++) {
            if (!listed.contains(n)) {
                sendPart(id, content, n).then().statusCode(200).body("size", equalTo((int) content.sizeOf(n)));
            }
        }
        assertThat(describe(id).get("parts")).hasSize(content.partCount);

        IndependentDigest.Result expected = content.digest();
        String key = asUser("alice").post("/api/files/uploads/" + id + "/complete")
                .then().statusCode(201).header("Location", containsString("/api/files/objects?key="))
                .body("size", equalTo((int) expected.size()), "sha256", equalTo(expected.sha256()),
                        "xxh64", equalTo(expected.xxh64()), "md5", equalTo(expected.md5()))
                .extract().path("key");
        assertThat(key).matches("scenes/\\d{8}/[0-9a-f-]{36}/big_shot\\.mb");
        asUser("alice").queryParam("key", key).get("/api/files/objects")
                .then().statusCode(200).body("owner", equalTo("alice"), "sha256", equalTo(expected.sha256()));
        asUser("bob").queryParam("key", key).get("/api/files/objects").then().statusCode(404);

        // Completing again answers the same object; the upload takes no more parts.
        asUser("alice").post("/api/files/uploads/" + id + "/complete")
                .then().statusCode(200).body("key", equalTo(key), "sha256", equalTo(expected.sha256()));
        asUser("alice").get("/api/files/uploads/" + id).then().statusCode(404);
        sendPart(id, content, 1).then().statusCode(404);
    }

    @Test
    void anAssetUploadedInPartsIsRecordedAsTheUploadersAsset() throws Exception {
        List<String> leftoversBefore = storeLeftovers();
        // A content of its own in every run: the database may outlive one test class.
        Content content = new Content(MIB + 500, MIB, ThreadLocalRandom.current().nextLong());
        String sha256 = content.digest().sha256();
        String id = initiate(asUser("alice"), Map.of("kind", "asset", "sha256", sha256, "size", content.size,
                "partSize", MIB)).then().statusCode(201).body("partCount", equalTo(2)).extract().path("uploadId");
        asUser("alice").contentType(ContentType.JSON)
                .body(Map.of("assets", List.of(Map.of("sha256", sha256, "size", content.size))))
                .post("/api/assets/check").then().statusCode(200).body("missing", hasSize(1));
        sendPart(id, content, 2).then().statusCode(200);
        sendPart(id, content, 1).then().statusCode(200);

        asUser("alice").post("/api/files/uploads/" + id + "/complete")
                .then().statusCode(201).body("key", equalTo("assets/sha256/" + sha256), "sha256", equalTo(sha256));

        asUser("alice").contentType(ContentType.JSON)
                .body(Map.of("assets", List.of(Map.of("sha256", sha256, "size", content.size))))
                .post("/api/assets/check").then().statusCode(200).body("missing", empty());
        // Others are told nothing of it.
        asUser("bob").contentType(ContentType.JSON)
                .body(Map.of("assets", List.of(Map.of("sha256", sha256, "size", content.size))))
                .post("/api/assets/check").then().statusCode(200).body("missing", hasSize(1));
        assertThat(storeLeftovers()).isSubsetOf(leftoversBefore);
    }

    @Test
    void aDeclaredSha256ThatDoesNotMatchIs422AndAbortsTheUpload() throws Exception {
        List<String> leftoversBefore = storeLeftovers();
        Content content = new Content(2 * MIB, MIB, 9);
        String id = initiate(asUser("alice"), Map.of("kind", "scene", "fileName", "claimed.ma", "size", content.size,
                "partSize", MIB, "sha256", "0".repeat(64))).then().statusCode(201).extract().path("uploadId");
        sendPart(id, content, 1).then().statusCode(200);
        sendPart(id, content, 2).then().statusCode(200);

        asUser("alice").post("/api/files/uploads/" + id + "/complete")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("sha256"), "detail", containsString(content.digest().sha256()));

        asUser("alice").get("/api/files/uploads/" + id).then().statusCode(404);
        asUser("alice").post("/api/files/uploads/" + id + "/complete").then().statusCode(404);
        assertThat(storeLeftovers()).isSubsetOf(leftoversBefore);
    }

    @Test
    void aCompletionWhoseProcessDiedIsTakenOverOnceItsLeaseLapsed() throws Exception {
        List<String> leftoversBefore = storeLeftovers();
        Content content = new Content(2 * MIB + 3, MIB, 31);
        String id = start(content);
        for (int n = 1; n <= content.partCount; n++) {
            sendPart(id, content, n).then().statusCode(200);
        }

        // As a completing process leaves the row: COMPLETING, named its holder, its lease running.
        leaveCompleting(id, Instant.now().plusSeconds(3600));
        asUser("alice").post("/api/files/uploads/" + id + "/complete")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", containsString("upload-completing"));
        asUser("alice").delete("/api/files/uploads/" + id).then().statusCode(409);

        // The process died: it renews no more, and once its lease lapsed the next completion takes over.
        leaveCompleting(id, Instant.now().minusSeconds(1));
        IndependentDigest.Result expected = content.digest();
        String key = asUser("alice").post("/api/files/uploads/" + id + "/complete")
                .then().statusCode(201).body("sha256", equalTo(expected.sha256()), "md5", equalTo(expected.md5()),
                        "size", equalTo((int) expected.size()))
                .extract().path("key");
        asUser("alice").post("/api/files/uploads/" + id + "/complete")
                .then().statusCode(200).body("key", equalTo(key));
        asUser("alice").queryParam("key", key).get("/api/files/objects")
                .then().statusCode(200).body("owner", equalTo("alice"), "sha256", equalTo(expected.sha256()));
        assertThat(storeLeftovers()).isSubsetOf(leftoversBefore);
    }

    @Test
    void aCompletionWhoseRecordFailedPublishesNoSecondCopyWhenCompletedAgain() throws Exception {
        List<String> leftoversBefore = storeLeftovers();
        String fileName = "twice-" + UUID.randomUUID() + ".ma";
        Content content = new Content(2 * MIB + 77, MIB, 41);
        String id = initiate(asUser("alice"), Map.of("kind", "scene", "fileName", fileName, "size", content.size,
                "partSize", content.partSize)).then().statusCode(201).extract().path("uploadId");
        for (int n = 1; n <= content.partCount; n++) {
            sendPart(id, content, n).then().statusCode(200);
        }

        // The database refuses to record this upload's completion: the scene is published, its upload not.
        String trigger = "fail_completed_" + id.replace("-", "");
        sql("CREATE FUNCTION file." + trigger + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.status = 'COMPLETED' THEN RAISE EXCEPTION 'recording the completion failed'; END IF;"
                + " RETURN NEW; END $$");
        sql("CREATE TRIGGER " + trigger + " BEFORE UPDATE ON file.resumable_upload FOR EACH ROW WHEN (NEW.id = '"
                + id + "') EXECUTE FUNCTION file." + trigger + "()");
        try {
            asUser("alice").post("/api/files/uploads/" + id + "/complete").then().statusCode(500);
        } finally {
            sql("DROP TRIGGER " + trigger + " ON file.resumable_upload");
            sql("DROP FUNCTION file." + trigger + "()");
        }
        assertThat(storedScenes(fileName)).hasSize(1);
        assertThat(describe(id).get("parts")).hasSize(content.partCount);

        IndependentDigest.Result expected = content.digest();
        String key = asUser("alice").post("/api/files/uploads/" + id + "/complete")
                .then().statusCode(201).body("sha256", equalTo(expected.sha256()), "xxh64", equalTo(expected.xxh64()))
                .extract().path("key");
        // The same key as the first completion published: one object, catalogued once.
        assertThat(storedScenes(fileName)).hasSize(1).allMatch(stored -> stored.endsWith(key));
        long catalogued = pool.preparedQuery("SELECT count(*) AS n FROM file.stored_object WHERE key LIKE $1")
                .execute(Tuple.of("scenes/%/" + fileName)).await().indefinitely().iterator().next().getLong("n");
        assertThat(catalogued).isEqualTo(1);
        asUser("alice").queryParam("key", key).get("/api/files/objects")
                .then().statusCode(200).body("owner", equalTo("alice"), "sha256", equalTo(expected.sha256()));
        assertThat(storeLeftovers()).isSubsetOf(leftoversBefore);
    }

    @Test
    void completingWithMissingPartsNamesThem() throws Exception {
        Content content = new Content(3 * MIB + 1, MIB, 3);
        String id = start(content);
        sendPart(id, content, 2).then().statusCode(200);

        asUser("alice").post("/api/files/uploads/" + id + "/complete")
                .then().statusCode(422).body("errors[0].field", equalTo("parts"),
                        "errors[0].message", containsString("missing parts 1, 3, 4"));
        // Nothing changed: the upload still takes parts.
        sendPart(id, content, 1).then().statusCode(200);
        assertThat(describe(id).get("parts")).hasSize(2);
    }

    @Test
    void badPartsAreRefusedNamingTheProblemAndNothingIsKept() throws Exception {
        Content content = new Content(2 * MIB + 10, MIB, 4);
        String id = start(content);

        sendPart(id, content, 0).then().statusCode(422).body("errors[0].field", equalTo("partNumber"));
        sendPart(id, content, 4).then().statusCode(422).body("errors[0].field", equalTo("partNumber"));
        asUser("alice").contentType(ContentType.BINARY).body(new byte[10]).put("/api/files/uploads/" + id + "/parts/x")
                .then().statusCode(422).body("errors[0].field", equalTo("partNumber"));
        asUser("alice").contentType(ContentType.BINARY).body(new byte[11]).put("/api/files/uploads/" + id + "/parts/3")
                .then().statusCode(422).body("errors[0].field", equalTo("Content-Length"),
                        "detail", containsString("must be 10 for part 3"));
        asUser("alice").contentType(ContentType.BINARY).header("Content-MD5", Base64.getEncoder().encodeToString(new byte[16]))
                .body(content.bytes(3)).put("/api/files/uploads/" + id + "/parts/3")
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("Content-MD5"));
        asUser("alice").contentType(ContentType.BINARY).header("Content-MD5", "not base64!")
                .body(content.bytes(3)).put("/api/files/uploads/" + id + "/parts/3")
                .then().statusCode(422).body("errors[0].field", equalTo("Content-MD5"));

        byte[] third = content.bytes(3);
        HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/files/uploads/" + id + "/parts/3"))
                .header("Authorization", "Bearer " + Identities.tokens().user("alice"))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(third)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(411);
        assertThat(chunked.body()).contains("\"field\":\"Content-Length\"");

        assertThat(describe(id).get("parts")).isEmpty();
        sendPart(id, content, 3).then().statusCode(200).body("size", equalTo(10));
    }

    @Test
    void unknownForeignAndFinishedUploadsAre404() throws Exception {
        List<String> leftoversBefore = storeLeftovers();
        Content content = new Content(MIB, MIB, 2);
        String id = start(content);

        for (String other : List.of("00000000-0000-0000-0000-000000000000", "not-an-id")) {
            asUser("alice").get("/api/files/uploads/" + other).then().statusCode(404).contentType("application/problem+json");
            sendPart(other, content, 1).then().statusCode(404);
            asUser("alice").post("/api/files/uploads/" + other + "/complete").then().statusCode(404);
            asUser("alice").delete("/api/files/uploads/" + other).then().statusCode(404);
        }
        // Another user's upload answers exactly like a missing one, and nothing changes.
        asUser("bob").get("/api/files/uploads/" + id).then().statusCode(404);
        asUser("bob").contentType(ContentType.BINARY).body(content.bytes(1)).put("/api/files/uploads/" + id + "/parts/1")
                .then().statusCode(404);
        asUser("bob").delete("/api/files/uploads/" + id).then().statusCode(404);
        asUser("bob").post("/api/files/uploads/" + id + "/complete").then().statusCode(404);
        assertThat(describe(id).get("parts")).isEmpty();

        sendPart(id, content, 1).then().statusCode(200);
        asUser("alice").delete("/api/files/uploads/" + id).then().statusCode(204);
        asUser("alice").delete("/api/files/uploads/" + id).then().statusCode(404);
        asUser("alice").get("/api/files/uploads/" + id).then().statusCode(404);
        sendPart(id, content, 1).then().statusCode(404);
        asUser("alice").post("/api/files/uploads/" + id + "/complete").then().statusCode(404);
        assertThat(storeLeftovers()).isSubsetOf(leftoversBefore);
    }

    @Test
    void badInitiationsAre422NamingTheFieldAndTooLargeIs413() {
        initiate(asUser("alice"), Map.of("kind", "film", "size", 10)).then().statusCode(422)
                .body("errors[0].field", equalTo("kind"));
        initiate(asUser("alice"), Map.of("kind", "scene", "size", 10)).then().statusCode(422)
                .body("errors[0].field", equalTo("fileName"));
        initiate(asUser("alice"), Map.of("kind", "asset", "size", 10)).then().statusCode(422)
                .body("errors[0].field", equalTo("sha256"));
        initiate(asUser("alice"), Map.of("kind", "scene", "fileName", "a.ma", "size", 0)).then().statusCode(422)
                .body("errors[0].field", equalTo("size"));
        initiate(asUser("alice"), Map.of("kind", "scene", "fileName", "a.ma", "size", 10, "partSize", 1000))
                .then().statusCode(422).body("errors[0].field", equalTo("partSize"));
        initiate(asUser("alice"), Map.of("kind", "scene", "fileName", "a.ma",
                "size", config.maxObjectSize().asLongValue() + 1))
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        asUser("alice").contentType(ContentType.JSON).body("{").post("/api/files/uploads").then().statusCode(400);
    }

    @Test
    void aTokenIsRequiredAgentsAre403AndServicesMayUpload() {
        Map<String, Object> scene = Map.of("kind", "scene", "fileName", "a.ma", "size", 10);
        initiate(given(), scene).then().statusCode(401);
        initiate(asAgent("agent-1"), scene).then().statusCode(403).contentType("application/problem+json");
        given().get("/api/files/uploads/00000000-0000-0000-0000-000000000000").then().statusCode(401);
        asAgent("agent-1").get("/api/files/uploads/00000000-0000-0000-0000-000000000000").then().statusCode(403);
        initiate(asService(), scene).then().statusCode(201);
    }

    @Test
    void anExpiredUploadIsAbortedByTheSweepWithItsParts() throws Exception {
        Content content = new Content(2 * MIB, MIB, 8);
        String id = start(content);
        sendPart(id, content, 1).then().statusCode(200);
        Instant expiresAt = Instant.parse(describe(id).get("expiresAt").asText());
        assertThat(expiresAt).isAfter(Instant.now().plus(config.uploads().expireAfter()).minusSeconds(60));

        // A sweep before the expiry changes nothing. (At the expiry, every upload started before it expires too.)
        sweeper.sweep(expiresAt.minusSeconds(1));
        assertThat(describe(id).get("parts")).hasSize(1);

        assertThat(sweeper.sweep(expiresAt)).isPositive();
        asUser("alice").get("/api/files/uploads/" + id).then().statusCode(404);
        sendPart(id, content, 2).then().statusCode(404);
        assertThat(storeLeftovers()).isEmpty();
    }

    /** Puts the upload in the state a completing process leaves it in, with its lease lapsing at {@code leaseUntil}. */
    private void leaveCompleting(String id, Instant leaseUntil) {
        int updated = pool.preparedQuery("""
                        UPDATE file.resumable_upload SET status = 'COMPLETING', completion_holder = $2,
                            completing_since = $3, completion_lease_until = $4 WHERE id = $1""")
                .execute(Tuple.of(UUID.fromString(id), "4242@crashed-host/" + UUID.randomUUID(),
                        OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(10), OffsetDateTime.ofInstant(leaseUntil, ZoneOffset.UTC)))
                .await().indefinitely().rowCount();
        assertThat(updated).isEqualTo(1);
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().indefinitely();
    }

    String start(Content content) {
        return initiate(asUser("alice"), Map.of("kind", "scene", "fileName", "s.ma", "size", content.size,
                "partSize", content.partSize)).then().statusCode(201).extract().path("uploadId");
    }

    static io.restassured.response.Response initiate(RequestSpecification as, Map<String, Object> body) {
        return as.contentType(ContentType.JSON).body(body).post("/api/files/uploads");
    }

    static JsonNode describe(String id) throws IOException {
        String body = asUser("alice").get("/api/files/uploads/" + id).then().statusCode(200).extract().asString();
        return JSON.readTree(body);
    }

    /** Part {@code n} streamed as it is generated, with its length and Content-MD5, as alice. */
    static io.restassured.response.Response sendPart(String id, Content content, int n) throws Exception {
        if (n < 1 || n > content.partCount) {
            return asUser("alice").contentType(ContentType.BINARY).body(new byte[1]).put("/api/files/uploads/" + id + "/parts/" + n);
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/files/uploads/" + id + "/parts/" + n))
                .header("Authorization", "Bearer " + Identities.tokens().user("alice"))
                .header("Content-MD5", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(content.md5Hex(n))))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> content.part(n)),
                        content.sizeOf(n)))
                .build(), HttpResponse.BodyHandlers.ofString());
        // Back through RestAssured's assertions, so that every call is checked the same way.
        return new io.restassured.builder.ResponseBuilder().setStatusCode(response.statusCode())
                .setContentType(response.headers().firstValue("Content-Type").orElse("application/json"))
                .setBody(response.body()).build();
    }

    /** Sends the headers and half of part {@code n}, then closes the connection. */
    static void cutOff(String id, Content content, int n) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/files/uploads/" + id + "/parts/" + n + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + Identities.tokens().user("alice") + "\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + content.sizeOf(n) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            try (InputStream part = content.part(n)) {
                byte[] buffer = new byte[64 * 1024];
                long sent = 0;
                for (int r; sent < content.sizeOf(n) / 2 && (r = part.read(buffer)) > 0; sent += r) {
                    out.write(buffer, 0, r);
                }
            }
            out.flush();
        }
    }

    static String base() {
        return "http://localhost:" + RestAssured.port;
    }

    /** A content cut into parts, each part generated (deterministically) whenever it is needed. */
    static final class Content {

        final long size;
        final long partSize;
        final int partCount;
        private final long seed;
        private final Map<Integer, String> md5s = new HashMap<>();

        Content(long size, long partSize, long seed) {
            this.size = size;
            this.partSize = partSize;
            this.partCount = (int) ((size + partSize - 1) / partSize);
            this.seed = seed;
        }

        long sizeOf(int n) {
            return n < partCount ? partSize : size - partSize * (partCount - 1);
        }

        GeneratedBody part(int n) {
            return new GeneratedBody(sizeOf(n), seed * 100_003 + n);
        }

        byte[] bytes(int n) throws IOException {
            try (InputStream in = part(n)) {
                return in.readAllBytes();
            }
        }

        String md5Hex(int n) {
            return md5s.computeIfAbsent(n, number -> {
                GeneratedBody body = part(number);
                drain(body, null);
                return body.digest().md5();
            });
        }

        /** Digests of the whole content, generated part after part. */
        IndependentDigest.Result digest() {
            IndependentDigest digest = new IndependentDigest();
            for (int n = 1; n <= partCount; n++) {
                drain(part(n), digest);
            }
            return digest.result();
        }

        private static void drain(InputStream in, IndependentDigest digest) {
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int r; (r = in.read(buffer)) >= 0; ) {
                    if (digest != null) {
                        digest.update(buffer, 0, r);
                    }
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
