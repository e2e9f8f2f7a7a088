package cloud.yuntu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.digest.ContentDigest;
import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.local.LocalFarm;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 MB scene sent in parts through the gateway: the connection breaks in the middle of a part,
 * the client asks what the farm holds, sends only the rest, and the completed scene is the file it
 * had, byte for byte, which the farm analyses and renders like any other (the simulated renderer
 * reads it as a stream, within a heap smaller than the scene).
 */
@ExtendWith({FarmUnderTest.class, FarmLogsOnFailure.class})
class ResumableUploadEndToEndTest {

    private static final int MIB = 1 << 20;
    private static final int PART = 8 * MIB;

    static String gateway;
    static TaskApi api;
    static String token;

    @TempDir
    Path work;

    @BeforeAll
    static void farm(LocalFarm farm) {
        gateway = farm.url(FarmService.GATEWAY).toString();
        token = farm.tokens().user("resumable-upload");
        api = new TaskApi(gateway, token);
    }

    @Test
    void anInterruptedTwoHundredMegabyteSceneResumesFromItsMissingPartsAndIsAnalysed() throws Exception {
        Path scene = bigScene(work.resolve("big.ma"), 200L * MIB);
        long size = Files.size(scene);
        ContentDigest.Digests local;
        try (InputStream in = Files.newInputStream(scene)) {
            local = ContentDigest.of(in);
        }

        JsonPath started = api.request().contentType(ContentType.JSON)
                .body(Map.of("kind", "scene", "fileName", "big.ma", "size", size, "sha256", local.sha256(), "partSize", PART))
                .post("/api/files/uploads").then().statusCode(201).extract().jsonPath();
        String uploadId = started.getString("uploadId");
        int parts = started.getInt("partCount");
        assertThat(parts).isEqualTo((int) ((size + PART - 1) / PART));

        int broken = parts / 2;
        for (int part = 1; part < broken; part++) {
            sendPart(scene, size, uploadId, part);
        }
        // The connection drops after half of the part's bytes: the client's machine slept, the network went.
        cutOff(scene, size, uploadId, broken);

        List<Integer> held = api.request().get("/api/files/uploads/" + uploadId).then().statusCode(200)
                .extract().jsonPath().getList("parts.partNumber", Integer.class);
        assertThat(held).as("every part sent whole, and not the one cut off").hasSize(broken - 1)
                .doesNotContain(broken);

        for (int part = 1; part <= parts; part++) {
            if (!held.contains(part)) {
                sendPart(scene, size, uploadId, part);
            }
        }
        JsonPath object = api.request().post("/api/files/uploads/" + uploadId + "/complete").then().statusCode(201)
                .extract().jsonPath();
        assertThat(object.getLong("size")).isEqualTo(size);
        assertThat(object.getString("sha256")).isEqualTo(local.sha256());
        assertThat(object.getString("xxh64")).isEqualTo(local.xxh64());
        String key = object.getString("key");
        assertThat(key).matches("scenes/\\d{8}/[0-9a-f-]{36}/big\\.ma");

        JsonPath stored = api.request().queryParam("key", key).get("/api/files/objects").then().statusCode(200)
                .extract().jsonPath();
        assertThat(stored.getString("sha256")).isEqualTo(local.sha256());
        assertThat(stored.getLong("size")).isEqualTo(size);

        // The scene is read whole by the analysis, which finds what the real scene at its start says, then by
        // the agent's renderer, which renders it within its own heap (smaller than the scene), as Maya would.
        UUID taskId = api.submit(Map.of("sceneKey", key, "frames", "1-2", "resolution", Map.of("width", 64, "height", 36)));
        try {
            JsonPath analysed = api.awaitAnalysed(taskId, java.time.Duration.ofMinutes(2));
            assertThat(analysed.getString("status")).isNotEqualTo("FAILED");
            assertThat(analysed.getList("layers.renderer", String.class)).containsOnly("arnold");

            api.awaitStatus(taskId, "COMPLETED", java.time.Duration.ofMinutes(4));
            assertThat(api.frames(taskId)).extracting(f -> f.get("status")).hasSize(2).containsOnly("SUCCEEDED");
            List<Map<String, Object>> results = api.results(taskId).getList("$");
            assertThat(results).hasSize(2).allSatisfy(result -> assertThat((String) result.get("key"))
                    .matches("results/\\d{8}/" + taskId + "/.+\\.000[12]\\.\\w+"));
        } finally {
            api.command(taskId, "cancel");
        }
    }

    private static void sendPart(Path file, long size, String uploadId, int part) throws IOException {
        byte[] bytes = partOf(file, size, part);
        Response answer = api.request()
                .header("Content-MD5", Base64.getEncoder().encodeToString(md5(bytes)))
                .contentType("application/octet-stream").body(bytes)
                .put("/api/files/uploads/" + uploadId + "/parts/" + part);
        assertThat(answer.statusCode()).as("part %d: %s", part, answer.asString()).isEqualTo(200);
    }

    /** Announces the whole part, sends half of it, and closes the connection. */
    private static void cutOff(Path file, long size, String uploadId, int part) throws Exception {
        byte[] bytes = partOf(file, size, part);
        URI uri = URI.create(gateway);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/files/uploads/" + uploadId + "/parts/" + part + " HTTP/1.1\r\n"
                    + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + "Authorization: Bearer " + token + "\r\n"
                    + "Content-Type: application/octet-stream\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            Thread.sleep(500);
        }
        // The farm notices the cut when the connection closes; give it a moment to discard the part.
        Thread.sleep(1000);
    }

    private static byte[] partOf(Path file, long size, int part) throws IOException {
        long from = (long) (part - 1) * PART;
        byte[] bytes = new byte[(int) Math.min(PART, size - from)];
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(from);
            in.readFully(bytes);
        }
        return bytes;
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("MD5").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A real scene grown to {@code atLeast} bytes by MEL comments, the way caches baked into an ASCII
     * scene make it large: the analysis and the renderer read it like any other.
     */
    private static Path bigScene(Path scene, long atLeast) throws IOException {
        Files.copy(Scenes.CORPUS.resolve(Scenes.BASE), scene);
        Random random = new Random(5);
        StringBuilder line = new StringBuilder(1024);
        try (OutputStream out = Files.newOutputStream(scene, java.nio.file.StandardOpenOption.APPEND)) {
            out.write("\nselect -ne :defaultRenderGlobals;\n\tsetAttr \".ren\" -type \"string\" \"arnold\";\n".getBytes(StandardCharsets.US_ASCII));
            out.write("fileInfo \"yuntu.simulate.msPerFrame\" \"100\";\n".getBytes(StandardCharsets.US_ASCII));
            while (Files.size(scene) < atLeast) {
                for (int i = 0; i < 1024; i++) {
                    line.setLength(0);
                    line.append("// ");
                    for (int c = 0; c < 1000; c++) {
                        line.append((char) ('a' + random.nextInt(26)));
                    }
                    line.append('\n');
                    out.write(line.toString().getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            }
        }
        return scene;
    }
}
