package cloud.yuntu.file;

/** Scenes uploaded the way users upload them, through {@code POST /api/files/scenes}. */
public final class Scenes {

    private Scenes() {
    }

    /** @return the key file-service chose */
    public static String upload(String user, String fileName, byte[] bytes) {
        return Identities.asUser(user).multiPart("file", fileName, bytes)
                .post("/api/files/scenes")
                .then().statusCode(201).extract().path("key");
    }
}
