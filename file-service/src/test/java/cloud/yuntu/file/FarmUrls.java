package cloud.yuntu.file;

import cloud.yuntu.file.storage.oss.OssEmulatorResource;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.URI;

/**
 * Presigned URLs name the configured public URL (http://localhost:8082); tests run on a random
 * port, so they keep path and query and swap in the port the application really listens on.
 * With the OSS backend, download URLs name the OSS emulator and are used as they are.
 */
public final class FarmUrls {

    public static final String PUBLIC_URL = "http://localhost:8082";

    private FarmUrls() {
    }

    public static URI reachable(String presigned) {
        if (OssEmulatorResource.serves(presigned)) {
            return URI.create(presigned);
        }
        if (!presigned.startsWith(PUBLIC_URL + "/")) {
            throw new AssertionError("not an absolute URL under " + PUBLIC_URL + ": " + presigned);
        }
        return URI.create("http://localhost:" + RestAssured.port + presigned.substring(PUBLIC_URL.length()));
    }

    /**
     * A request to a presigned URL, sent as it is: the URL is already encoded, and encoding it
     * again (RestAssured's default) would change what was signed.
     */
    public static RequestSpecification presigned() {
        return RestAssured.given().urlEncodingEnabled(false);
    }
}
