package cloud.yuntu.file.presign;

import static cloud.yuntu.file.Identities.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import cloud.yuntu.file.FarmUrls;
import cloud.yuntu.file.IndependentDigest;
import cloud.yuntu.file.storage.ObjectKey;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
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

    @Test
    void putThenGetRoundTripsTheBytesWithTheirDigests() {
        String key = "results/20250101/" + UUID.randomUUID() + "/beauty.0001.png";
        byte[] bytes = randomBytes(300_000);
        IndependentDigest.Result expected = IndependentDigest.of(bytes);

        given().body(bytes).put(presign(key, "PUT"))
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
        asAdmin().contentType(ContentType.JSON).body(Map.of("key", "a/b.png", "method", "GET"))
                .post("/api/files/presign")
                .then().statusCode(200)
                .body("method", equalTo("GET"),
                        "url", containsString(FarmUrls.PUBLIC_URL + "/api/files/blob/a/b.png?method=GET&expires="));
        String expiresAt = asAdmin().contentType(ContentType.JSON)
                .body(Map.of("key", "a/b.png", "method", "PUT", "expiresInSeconds", 60))
                .post("/api/files/presign").then().statusCode(200).extract().path("expiresAt");
        assertThat(Instant.parse(expiresAt).getEpochSecond()).isBetween(before + 60, Instant.now().getEpochSecond() + 60);
    }

    @Test
    void aSecondPutReplacesTheObject() {
        String key = "results/20250101/" + UUID.randomUUID() + "/beauty.0002.png";
        given().body(randomBytes(1000)).put(presign(key, "PUT")).then().statusCode(200);
        byte[] second = randomBytes(777);
        IndependentDigest.Result expected = IndependentDigest.of(second);
        given().body(second).put(presign(key, "PUT")).then().statusCode(200).body("sha256", equalTo(expected.sha256()));

        assertThat(given().get(presign(key, "GET")).then().statusCode(200).extract().asByteArray()).isEqualTo(second);
        asAdmin().queryParam("key", key).get("/api/files/objects")
                .then().statusCode(200).body("size", equalTo(777), "md5", equalTo(expected.md5()));
    }

    @Test
    void presignedUrlsNeedNoTokenAndIgnoreABadOne() {
        String key = stored();
        given().header("Authorization", "Bearer not.a.jwt").get(presign(key, "GET")).then().statusCode(200);
        given().auth().oauth2(cloud.yuntu.file.Identities.tokens().expired("alice")).body(new byte[] {7})
                .put(presign(key, "PUT")).then().statusCode(200).body("size", equalTo(1));
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
        expectForbidden(given().body(new byte[] {1}).put(presign(key, "GET")).then(), "allows GET");
        expectForbidden(given().get(presign(key, "PUT")).then(), "allows PUT");
        // Changing the method parameter breaks the signature instead.
        URI relabelled = URI.create(presign(key, "GET").toString().replace("method=GET", "method=PUT"));
        expectForbidden(given().body(new byte[] {1}).put(relabelled).then(), "signature");
    }

    @Test
    void aUrlWithoutSignatureIsForbidden() {
        expectForbidden(given().get("/api/files/blob/a/b.png").then(), "required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "/etc/passwd", "scenes\\x.ma", "a//b", "a/./b", "a/"})
    void unsafeKeysAreRejectedNamingTheKey(String key) {
        asAdmin().contentType(ContentType.JSON).body(Map.of("key", key, "method", "PUT"))
                .post("/api/files/presign")
                .then().statusCode(422).contentType("application/problem+json")
                .body("status", equalTo(422), "errors[0].field", equalTo("key"));
        asAdmin().queryParam("key", key).get("/api/files/objects")
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("key"));
    }

    @Test
    void invalidPresignRequestsNameTheField() {
        asAdmin().contentType(ContentType.JSON).body(Map.of("key", "a/b", "method", "GET", "expiresInSeconds", 8 * 86400))
                .post("/api/files/presign")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("expiresInSeconds"));
        asAdmin().contentType(ContentType.JSON).body(Map.of("key", "a/b", "method", "GET", "expiresInSeconds", 0))
                .post("/api/files/presign")
                .then().statusCode(422).body("errors[0].field", equalTo("expiresInSeconds"));
        asAdmin().contentType(ContentType.JSON).body(Map.of("key", "a/b", "method", "DELETE"))
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
        asAdmin().queryParam("key", "scenes/20250101/none/missing.ma").get("/api/files/objects")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().get(presign("scenes/20250101/none/missing.ma", "GET"))
                .then().statusCode(404).contentType("application/problem+json");
    }

    private String stored() {
        String key = "results/20250101/" + UUID.randomUUID() + "/frame.png";
        given().body(randomBytes(100)).put(presign(key, "PUT")).then().statusCode(200);
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
