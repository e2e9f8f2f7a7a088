package cloud.yuntu.file;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import io.restassured.http.ContentType;
import java.util.concurrent.ThreadLocalRandom;

/** Assets uploaded the way users upload them, through {@code PUT /api/assets/{sha256}}. */
public final class Assets {

    private Assets() {
    }

    /** Uploads the bytes as {@code user}; any status of a successful upload (201 new to them, 200 held already). */
    public static String upload(String user, byte[] bytes) {
        String sha256 = IndependentDigest.of(bytes).sha256();
        Identities.asUser(user).contentType(ContentType.BINARY).body(bytes).put("/api/assets/" + sha256)
                .then().statusCode(anyOf(is(200), is(201)));
        return sha256;
    }

    public static byte[] randomContent(int size) {
        byte[] content = new byte[size];
        ThreadLocalRandom.current().nextBytes(content);
        return content;
    }
}
