package cloud.yuntu.file;

import io.restassured.RestAssured;
import java.net.URI;

/**
 * Presigned URLs name the configured public URL (http://localhost:8082); tests run on a random
 * port, so they keep path and query and swap in the port the application really listens on.
 */
public final class FarmUrls {

    public static final String PUBLIC_URL = "http://localhost:8082";

    private FarmUrls() {
    }

    public static URI reachable(String presigned) {
        if (!presigned.startsWith(PUBLIC_URL + "/")) {
            throw new AssertionError("not an absolute URL under " + PUBLIC_URL + ": " + presigned);
        }
        return URI.create("http://localhost:" + RestAssured.port + presigned.substring(PUBLIC_URL.length()));
    }
}
