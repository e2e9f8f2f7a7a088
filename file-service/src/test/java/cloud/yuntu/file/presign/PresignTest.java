package cloud.yuntu.file.presign;

import static cloud.yuntu.file.Identities.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import cloud.yuntu.file.FarmUrls;
import cloud.yuntu.file.IndependentDigest;
import cloud.yuntu.file.Uploads;
import cloud.yuntu.file.storage.ObjectKey;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class PresignTest {

    @Inject
    Presigner presigner;

    @Inject
    Pool pool;

    @Inject
    SpentUploads spent;

    @Test
    void putThenGetRoundTripsTheBytesWithTheirDigests() {
        String key = "results/20250101/" + UUID.randomUUID() + "/beauty.0001.png";
        byte[] bytes = randomBytes(300_000);
        IndependentDigest.Result expected = IndependentDigest.of(bytes);

        given().body(bytes).put(Uploads.putUrl(key, bytes))
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("key", equalTo(key), "size", equalTo(bytes.length), "sha256", equalTo(expected.sha256()),
                        "xxh64", equalTo(expected.xxh64()), "md5", equalTo(expected.md5()));

        byte[] downloaded = given().get(presign(key, "GET")).then().statusCode(200)
                .header("Content-Length", String.valueOf(bytes.length))
                .header("Content-Disposition", "attachment; filename=\"beauty.0001.png\"; filename*=UTF-8''beauty.0001.png")
                .extract().asByteArray();
        assertThat(downloaded).isEqualTo(bytes);

        asAdmin().queryParam("key", key).get("/api/files/objects")
                .then().statusCode(200)
                .body("key", equalTo(key), "size", equalTo(bytes.length), "sha256", equalTo(expected.sha256()),
                        "xxh64", equalTo(expected.xxh64()), "md5", equalTo(expected.md5()),
                        "createdAt", containsString("T"));
    }

    @Test
    void presignAnswersAnAbsoluteUrlWithMethodAndExpiry() {
        long before = Instant.now().getEpochSecond();
        String key = "results/20250101/" + UUID.randomUUID() + "/b.png";
        asAdmin().contentType(ContentType.JSON).body(Map.of("key", key, "method", "GET"))
                .post("/api/files/presign")
                .then().statusCode(200)
                .body("method", equalTo("GET"),
                        "url", containsString(FarmUrls.PUBLIC_URL + "/api/files/blob/" + key + "?method=GET&expires="));
        String sha256 = IndependentDigest.of(new byte[] {1}).sha256();
        ValidatableResponse put = asAdmin().contentType(ContentType.JSON)
                .body(Map.of("key", key, "method", "PUT", "expiresInSeconds", 60, "size", 1, "sha256", sha256))
                .post("/api/files/presign").then().statusCode(200).body("method", equalTo("PUT"));
        assertThat(put.extract().<String>path("url")).startsWith(FarmUrls.PUBLIC_URL + "/api/files/blob/" + key
                + "?method=PUT&expires=").contains("&size=1&sha256=" + sha256 + "&upload=", "&signature=");
        String expiresAt = put.extract().path("expiresAt");
        assertThat(Instant.parse(expiresAt).getEpochSecond()).isBetween(before + 60, Instant.now().getEpochSecond() + 60);
    }

    @Test
    void aSecondPutReplacesTheObject() {
        String key = "results/20250101/" + UUID.randomUUID() + "/beauty.0002.png";
        Uploads.put(key, randomBytes(1000)).statusCode(200);
        byte[] second = randomBytes(777);
        IndependentDigest.Result expected = IndependentDigest.of(second);
        Uploads.put(key, second).statusCode(200).body("sha256", equalTo(expected.sha256()));

        assertThat(given().get(presign(key, "GET")).then().statusCode(200).extract().asByteArray()).isEqualTo(second);
        asAdmin().queryParam("key", key).get("/api/files/objects")
                .then().statusCode(200).body("size", equalTo(777), "md5", equalTo(expected.md5()));
    }

    @Test
    void presignedUrlsNeedNoTokenAndIgnoreABadOne() {
        String key = stored();
        given().header("Authorization", "Bearer not.a.jwt").get(presign(key, "GET")).then().statusCode(200);
        given().auth().oauth2(cloud.yuntu.file.Identities.tokens().expired("alice")).body(new byte[] {7})
                .put(Uploads.putUrl(key, new byte[] {7})).then().statusCode(200).body("size", equalTo(1));
    }

    @Test
    void aTamperedSignatureIsForbidden() {
        String key = stored();
        URI url = presign(key, "GET");
        String text = url.toString();
        String tampered = text.substring(0, text.length() - 1) + (text.endsWith("0") ? "1" : "0");
        expectForbidden(given().get(URI.create(tampered)).then(), "signature");
    }

    @Test
    void anAlteredKeyIsForbidden() {
        String key = stored();
        String other = stored();
        URI url = presign(key, "GET");
        URI altered = URI.create(url.toString().replace(key, other));
        assertThat(altered).isNotEqualTo(url);
        expectForbidden(given().get(altered).then(), "signature");
    }

    @Test
    void anAlteredExpiryIsForbidden() {
        URI url = presign(stored(), "GET");
        String query = url.getQuery();
        long expires = Long.parseLong(query.replaceAll(".*expires=(\\d+).*", "$1"));
        URI later = URI.create(url.toString().replace("expires=" + expires, "expires=" + (expires + 3600)));
        expectForbidden(given().get(later).then(), "signature");
    }

    @Test
    void anExpiredUrlIsForbidden() {
        String key = stored();
        // Genuinely signed by the service, with an expiry in the past.
        URI expired = presigner.presign(ObjectKey.of(key), AccessMethod.GET, Instant.now().minusSeconds(5));
        expectForbidden(given().get(FarmUrls.reachable(expired.toString())).then(), "expired");
    }

    @Test
    void aUrlUsedWithTheWrongMethodIsForbidden() {
        String key = stored();
        expectForbidden(given().body(new byte[] {1}).put(presign(key, "GET")).then(), "required");
        expectForbidden(given().get(Uploads.putUrl(key, new byte[] {1})).then(), "allows PUT");
        // Changing the method parameter breaks the signature instead.
        URI relabelled = URI.create(Uploads.putUrl(key, new byte[] {1}).toString().replace("method=PUT", "method=GET"));
        expectForbidden(given().get(relabelled).then(), "signature");
    }

    @Test
    void aUrlWithoutSignatureIsForbidden() {
        expectForbidden(given().get("/api/files/blob/a/b.png").then(), "required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "/etc/passwd", "scenes\\x.ma", "a//b", "a/./b", "a/"})
    void unsafeKeysAreRejectedNamingTheKey(String key) {
        Uploads.presignPut(asAdmin(), key, new byte[] {1}, null)
                .statusCode(422).contentType("application/problem+json")
                .body("status", equalTo(422), "errors[0].field", equalTo("key"));
        asAdmin().queryParam("key", key).get("/api/files/objects")
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("key"));
    }

    @Test
    void invalidPresignRequestsNameTheField() {
        String key = "results/20250101/" + UUID.randomUUID() + "/b.png";
        asAdmin().contentType(ContentType.JSON).body(Map.of("key", key, "method", "GET", "expiresInSeconds", 8 * 86400))
                .post("/api/files/presign")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("expiresInSeconds"));
        asAdmin().contentType(ContentType.JSON).body(Map.of("key", key, "method", "GET", "expiresInSeconds", 0))
                .post("/api/files/presign")
                .then().statusCode(422).body("errors[0].field", equalTo("expiresInSeconds"));
        asAdmin().contentType(ContentType.JSON).body(Map.of("key", key, "method", "DELETE"))
                .post("/api/files/presign")
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("method"));
        asAdmin().contentType(ContentType.JSON).body(Map.of("method", "GET"))
                .post("/api/files/presign")
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("key"));
    }

    @Test
    void jsonThatDoesNotParseIs400() {
        asAdmin().contentType(ContentType.JSON).body("{\"key\": ")
                .post("/api/files/presign")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
    }

    @Test
    void anUnknownObjectIsAProblem404() {
        String missing = "scenes/20250101/" + UUID.randomUUID() + "/missing.ma";
        asAdmin().queryParam("key", missing).get("/api/files/objects")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().get(presign(missing, "GET"))
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aPutUrlNeedsTheSizeAndDigestOfItsBodyNamingEachField() {
        String key = "results/20250101/" + UUID.randomUUID() + "/b.png";
        asAdmin().contentType(ContentType.JSON).body(Map.of("key", key, "method", "PUT"))
                .post("/api/files/presign")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("size", "sha256"));
        String sha256 = IndependentDigest.of(new byte[] {1}).sha256();
        Uploads.presignPut(asAdmin(), key, -1, sha256, null).statusCode(422).body("errors.field", contains("size"));
        Uploads.presignPut(asAdmin(), key, (1L << 30) + 1, sha256, null).statusCode(422)
                .body("errors.field", contains("size"));
        Uploads.presignPut(asAdmin(), key, 1, sha256.toUpperCase(), null).statusCode(422)
                .body("errors.field", contains("sha256"));
        Uploads.presignPut(asAdmin(), key, 1, sha256.substring(1), null).statusCode(422)
                .body("errors.field", contains("sha256"));
        Uploads.presignPut(asAdmin(), key, 0, IndependentDigest.of(new byte[0]).sha256(), null).statusCode(200);
    }

    @Test
    void theSizeDigestAndUploadIdAreSigned() {
        String key = "results/20250101/" + UUID.randomUUID() + "/b.png";
        byte[] bytes = {1, 2, 3};
        String url = Uploads.putUrl(key, bytes).toString();
        String other = IndependentDigest.of(new byte[] {3, 2, 1}).sha256();
        for (String altered : List.of(url.replace("&size=3&", "&size=4&"),
                url.replaceAll("sha256=[0-9a-f]{64}", "sha256=" + other),
                url.replaceAll("upload=[0-9a-f-]{36}", "upload=" + UUID.randomUUID()),
                url.replaceAll("&upload=[0-9a-f-]{36}", ""))) {
            assertThat(altered).isNotEqualTo(url);
            expectForbidden(Uploads.send(URI.create(altered), bytes), "");
        }
        asAdmin().queryParam("key", key).get("/api/files/objects").then().statusCode(404);
    }

    @Test
    void aBodyOfAnotherLengthIsRefusedBeforeItIsRead() {
        String key = "results/20250101/" + UUID.randomUUID() + "/b.png";
        byte[] bytes = randomBytes(1000);
        URI url = Uploads.putUrl(key, bytes);

        Uploads.send(url, randomBytes(1001)).statusCode(413).contentType("application/problem+json");
        Uploads.send(url, randomBytes(999)).statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Content-Length"));
        asAdmin().queryParam("key", key).get("/api/files/objects").then().statusCode(404);
        // Nothing was stored with it, so the URL is still good for its one upload.
        Uploads.send(url, bytes).statusCode(200).body("size", equalTo(1000));
    }

    @Test
    void aBodyWithAnotherDigestIsRefusedAndThePreviousObjectStays() {
        String key = "results/20250101/" + UUID.randomUUID() + "/b.png";
        byte[] first = randomBytes(500);
        Uploads.put(key, first).statusCode(200);
        byte[] promised = randomBytes(500);
        URI url = Uploads.putUrl(key, promised);

        Uploads.send(url, randomBytes(500)).statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("sha256"));

        assertThat(given().get(presign(key, "GET")).then().statusCode(200).extract().asByteArray()).isEqualTo(first);
        asAdmin().queryParam("key", key).get("/api/files/objects").then().statusCode(200)
                .body("sha256", equalTo(IndependentDigest.of(first).sha256()));
        // The failed write gave the URL back: its holder sends the promised bytes with it.
        Uploads.send(url, promised).statusCode(200).body("sha256", equalTo(IndependentDigest.of(promised).sha256()));
    }

    @Test
    void anUploadUrlIsGoodForOneUpload() {
        String key = "results/20250101/" + UUID.randomUUID() + "/b.png";
        byte[] bytes = randomBytes(300);
        URI url = Uploads.putUrl(key, bytes);
        Uploads.send(url, bytes).statusCode(200);
        String createdAt = asAdmin().queryParam("key", key).get("/api/files/objects").then().extract().path("createdAt");

        Uploads.send(url, bytes).statusCode(409).contentType("application/problem+json")
                .body("status", equalTo(409), "detail", containsString("used"));

        asAdmin().queryParam("key", key).get("/api/files/objects").then().statusCode(200)
                .body("createdAt", equalTo(createdAt));
    }

    @Test
    void aSecondUseOfAnUploadUrlIsRefusedWhileTheFirstIsStreaming() throws Exception {
        String key = "results/20250101/" + UUID.randomUUID() + "/b.png";
        byte[] bytes = randomBytes(256 * 1024);
        URI url = Uploads.putUrl(key, bytes);
        CountDownLatch halfSent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InputStream slow = pausingHalfway(bytes, halfSent, release);
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(HttpRequest.newBuilder(url)
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> slow),
                        bytes.length)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(halfSent.await(30, TimeUnit.SECONDS)).isTrue();
        // The first upload claims its URL before it reads the body.
        await().atMost(Duration.ofSeconds(30)).until(() -> spentRows(key) == 1);
        Uploads.send(url, bytes).statusCode(409).contentType("application/problem+json");
        release.countDown();

        HttpResponse<String> answer = first.get(60, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(given().get(presign(key, "GET")).then().statusCode(200).extract().asByteArray()).isEqualTo(bytes);
    }

    @Test
    void aUrlClaimedByAProcessThatDiedIsGoodAgainOnceItsLeaseLapsedAndSpentOnceCommitted() {
        String key = "results/20250101/" + UUID.randomUUID() + "/b.png";
        byte[] bytes = randomBytes(400);
        URI url = Uploads.putUrl(key, bytes);
        UUID upload = uploadIdOf(url);

        // As a process that died mid-upload leaves its claim: never committed, its lease still running.
        int inserted = pool.preparedQuery("""
                        INSERT INTO file.spent_upload (upload_id, key, expires_at, claimed_at, holder, lease_until)
                        VALUES ($1, $2, now() + interval '1 hour', now(), '4242@crashed-host/x', now() + interval '1 hour')""")
                .execute(Tuple.of(upload, key)).await().indefinitely().rowCount();
        assertThat(inserted).isEqualTo(1);
        Uploads.send(url, bytes).statusCode(409).contentType("application/problem+json")
                .body("type", containsString("upload-url-used"));

        // It renews no more: once the lease lapsed, the URL is good for its one upload again.
        setLease(upload, Instant.now().minusSeconds(1));
        Uploads.send(url, bytes).statusCode(200).body("sha256", equalTo(IndependentDigest.of(bytes).sha256()));
        assertThat(committedClaims(key)).isEqualTo(1);

        // A committed claim stays spent, however long ago its lease lapsed.
        setLease(upload, Instant.now().minusSeconds(3600));
        Uploads.send(url, bytes).statusCode(409).body("type", containsString("upload-url-used"));
    }

    @Test
    void anUploadWhoseClaimWasTakenOverPublishesNothing() throws Exception {
        String key = "results/20250101/" + UUID.randomUUID() + "/b.png";
        byte[] bytes = randomBytes(256 * 1024);
        URI url = Uploads.putUrl(key, bytes);
        CountDownLatch halfSent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(HttpRequest.newBuilder(url)
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                        () -> pausingHalfway(bytes, halfSent, release)), bytes.length)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(halfSent.await(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> spentRows(key) == 1);
        // Its process stalled past its lease, and another request took the claim over.
        pool.preparedQuery("UPDATE file.spent_upload SET holder = 'other@host/y' WHERE key = $1").execute(Tuple.of(key))
                .await().indefinitely();
        release.countDown();

        HttpResponse<String> answer = first.get(60, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
        assertThat(answer.body()).contains("upload-url-used");
        asAdmin().queryParam("key", key).get("/api/files/objects").then().statusCode(404);
        // The other holder's claim is untouched.
        assertThat(spentRows(key)).isEqualTo(1);
        assertThat(committedClaims(key)).isZero();
    }

    private static InputStream pausingHalfway(byte[] bytes, CountDownLatch halfSent, CountDownLatch release) {
        return new InputStream() {
            private final int half = bytes.length / 2;
            private int position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (position == half) {
                    halfSent.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (position >= bytes.length) {
                    return -1;
                }
                int n = Math.min(length, (position < half ? half : bytes.length) - position);
                System.arraycopy(bytes, position, buffer, offset, n);
                position += n;
                return n;
            }
        };
    }

    private static UUID uploadIdOf(URI url) {
        return UUID.fromString(url.getQuery().replaceAll(".*upload=([0-9a-f-]{36}).*", "$1"));
    }

    private void setLease(UUID upload, Instant leaseUntil) {
        pool.preparedQuery("UPDATE file.spent_upload SET lease_until = $2 WHERE upload_id = $1")
                .execute(Tuple.of(upload, java.time.OffsetDateTime.ofInstant(leaseUntil, java.time.ZoneOffset.UTC)))
                .await().indefinitely();
    }

    private long committedClaims(String key) {
        return pool.preparedQuery("SELECT count(*) AS n FROM file.spent_upload WHERE key = $1 AND committed_at IS NOT NULL")
                .execute(Tuple.of(key)).await().indefinitely().iterator().next().getLong("n");
    }

    @Test
    void usedUploadIdsAreForgottenOnlyOnceTheirUrlExpired() {
        String key = "results/20250101/" + UUID.randomUUID() + "/b.png";
        byte[] bytes = randomBytes(10);
        URI url = Uploads.putUrl(key, bytes);
        Uploads.send(url, bytes).statusCode(200);

        spent.sweep(Instant.now()).await().indefinitely();
        assertThat(spentRows(key)).isEqualTo(1);
        Uploads.send(url, bytes).statusCode(409);
        spent.sweep(Instant.now().plus(Duration.ofDays(8))).await().indefinitely();
        assertThat(spentRows(key)).isZero();
    }

    private long spentRows(String key) {
        return pool.preparedQuery("SELECT count(*) AS n FROM file.spent_upload WHERE key = $1").execute(Tuple.of(key))
                .await().indefinitely().iterator().next().getLong("n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scenes/20261203", "scenes/20261203/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11",
            "scenes/20261203/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/a/b.ma", "scenes/2026120/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/a.ma",
            "scenes/20261303/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/a.ma", "scenes/20261203/0D7C5F0E-1F7B-4A53-9C57-2D2B4B9B4C11/a.ma",
            "results/20261203", "results/20261203/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11", "results/20261203/not-a-task/x.exr",
            "assets/sha256/ab", "other/20261203/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/x.exr", "a/b.png"})
    void keysOutsideTheThreeLayoutsAreRefusedNamingTheKey(String key) {
        Uploads.presignPut(asAdmin(), key, new byte[] {1}, null).statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("key"));
        asAdmin().contentType(ContentType.JSON).body(Map.of("key", key, "method", "GET")).post("/api/files/presign")
                .then().statusCode(422).body("errors[0].field", equalTo("key"));
        Uploads.send(URI.create("http://localhost:" + io.restassured.RestAssured.port + "/api/files/blob/" + key
                + "?method=PUT&expires=9999999999&size=1&sha256=" + IndependentDigest.of(new byte[] {1}).sha256()
                + "&upload=" + UUID.randomUUID() + "&signature=" + "0".repeat(64)), new byte[] {1})
                .statusCode(422).body("errors[0].field", equalTo("key"));
    }

    @Test
    void assetsAreNeverWrittenThroughAPresignedUrl() {
        byte[] bytes = {4, 5, 6};
        String key = "assets/sha256/" + IndependentDigest.of(bytes).sha256();
        Uploads.presignPut(asAdmin(), key, bytes, null).statusCode(422).body("errors[0].field", equalTo("key"));
        asAdmin().contentType(ContentType.JSON).body(Map.of("key", key, "method", "GET")).post("/api/files/presign")
                .then().statusCode(200);
    }

    @Test
    void aKeyNamedLikeADayCannotBreakThatDaysUploads() {
        String day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        Uploads.presignPut(asAdmin(), "scenes/" + day, new byte[] {1}, null).statusCode(422)
                .body("errors[0].field", equalTo("key"));
        Uploads.presignPut(asAdmin(), "results/" + day, new byte[] {1}, null).statusCode(422);

        byte[] scene = randomBytes(64);
        String sceneKey = cloud.yuntu.file.Scenes.upload("alice", "shot.ma", scene);
        assertThat(sceneKey).startsWith("scenes/" + day + "/");
        Uploads.put("results/" + day + "/" + UUID.randomUUID() + "/beauty.0001.exr", randomBytes(64)).statusCode(200);
    }

    @Test
    void aSceneIsWrittenOnceNotReplacedThroughAUrl() {
        byte[] scene = randomBytes(64);
        String sceneKey = cloud.yuntu.file.Scenes.upload("alice", "shot.ma", scene);
        Uploads.put(sceneKey, randomBytes(64)).statusCode(409).contentType("application/problem+json");
        assertThat(given().get(presign(sceneKey, "GET")).then().statusCode(200).extract().asByteArray()).isEqualTo(scene);
    }

    @Test
    void aKeyCannotShadowAnotherOnDisk() {
        String task = "results/20250101/" + UUID.randomUUID() + "/";
        byte[] beauty = randomBytes(10);
        Uploads.put(task + "beauty", beauty).statusCode(200);
        Uploads.put(task + "beauty/x.exr", randomBytes(10)).statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", equalTo("key"), "detail", containsString(task + "beauty is an object"));
        byte[] below = randomBytes(10);
        Uploads.put(task + "deep/x.exr", below).statusCode(200);
        Uploads.put(task + "deep", randomBytes(10)).statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", equalTo("key"), "detail", containsString(task + "deep/"));

        assertThat(given().get(presign(task + "beauty", "GET")).then().statusCode(200).extract().asByteArray())
                .isEqualTo(beauty);
        assertThat(given().get(presign(task + "deep/x.exr", "GET")).then().statusCode(200).extract().asByteArray())
                .isEqualTo(below);
        asAdmin().queryParam("key", task + "deep").get("/api/files/objects").then().statusCode(404);
        asAdmin().queryParam("key", task + "beauty/x.exr").get("/api/files/objects").then().statusCode(404);
    }

    private String stored() {
        String key = "results/20250101/" + UUID.randomUUID() + "/frame.png";
        Uploads.put(key, randomBytes(100)).statusCode(200);
        return key;
    }

    /** As an operator, who may presign any key. */
    static URI presign(String key, String method) {
        String url = asAdmin().contentType(ContentType.JSON).body(Map.of("key", key, "method", method))
                .post("/api/files/presign")
                .then().statusCode(200).extract().path("url");
        return FarmUrls.reachable(url);
    }

    private static void expectForbidden(ValidatableResponse response, String detail) {
        response.statusCode(403).contentType("application/problem+json")
                .body("status", equalTo(403), "detail", containsString(detail));
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
