package cloud.yuntu.file;

import static cloud.yuntu.file.Identities.asAdmin;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** Presigned uploads as clients make them: a PUT URL bound to the size and SHA-256 of the bytes to send. */
public final class Uploads {

    private Uploads() {
    }

    /** {@code caller}'s presign of a PUT of exactly {@code bytes} to {@code key}. */
    public static ValidatableResponse presignPut(RequestSpecification caller, String key, byte[] bytes, String grant) {
        return presignPut(caller, key, bytes.length, IndependentDigest.of(bytes).sha256(), grant);
    }

    public static ValidatableResponse presignPut(RequestSpecification caller, String key, long size, String sha256,
            String grant) {
        Map<String, Object> body = new HashMap<>(Map.of("key", key, "method", "PUT", "size", size, "sha256", sha256));
        if (grant != null) {
            body.put("grant", grant);
        }
        return caller.contentType(ContentType.JSON).body(body).post("/api/files/presign").then();
    }

    /** An operator's PUT URL for exactly {@code bytes}, on the port the application listens on. */
    public static URI putUrl(String key, byte[] bytes) {
        return FarmUrls.reachable(presignPut(asAdmin(), key, bytes, null).statusCode(200).extract().path("url"));
    }

    /** Presigns as an operator and sends {@code bytes}. */
    public static ValidatableResponse put(String key, byte[] bytes) {
        return send(putUrl(key, bytes), bytes);
    }

    /** Sends {@code bytes} to a presigned URL as it is. */
    public static ValidatableResponse send(URI url, byte[] bytes) {
        return FarmUrls.presigned().body(bytes).put(url).then();
    }
}
