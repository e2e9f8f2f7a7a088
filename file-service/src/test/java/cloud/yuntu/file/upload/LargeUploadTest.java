package cloud.yuntu.file.upload;

import static cloud.yuntu.file.Identities.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.file.FarmUrls;
import cloud.yuntu.file.GeneratedBody;
import cloud.yuntu.file.Identities;
import cloud.yuntu.file.Uploads;
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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Bodies larger than the test JVM's whole heap (surefire runs it with -Xmx384m) go through both
 * upload paths: had any layer buffered them, the application would fail with OutOfMemoryError.
 * The test side generates and digests the bytes as they are sent, holding none of them either.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class LargeUploadTest {

    private static final long SIZE = Math.max(200L << 20, Runtime.getRuntime().maxMemory() + (64L << 20));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPresignedPutLargerThanTheHeapStreamsThrough() throws Exception {
        String key = "results/20250101/" + UUID.randomUUID() + "/huge.exr";
        GeneratedBody promised = new GeneratedBody(SIZE, 42);
        promised.transferTo(java.io.OutputStream.nullOutputStream());
        String url = Uploads.presignPut(asAdmin(), key, SIZE, promised.digest().sha256(), null)
                .statusCode(200).extract().path("url");
        GeneratedBody body = new GeneratedBody(SIZE, 42);

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(FarmUrls.reachable(url))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertDigests(JSON.readTree(response.body()), body.digest());
    }

    @Test
    void aMultipartSceneLargerThanTheHeapStreamsThrough() throws Exception {
        String boundary = "yuntu-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"huge.mb\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        GeneratedBody scene = new GeneratedBody(SIZE, 7);
        InputStream multipart = new SequenceInputStream(java.util.Collections.enumeration(
                List.of(new ByteArrayInputStream(head), scene, new ByteArrayInputStream(tail))));

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/files/scenes"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + Identities.tokens().user("alice"))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> multipart),
                        head.length + SIZE + tail.length))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("key").asText()).matches("scenes/\\d{8}/[0-9a-f-]{36}/huge\\.mb");
        assertDigests(json, scene.digest());
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsRead() throws IOException {
        // 1 TB declared, nothing sent: only the headers decide.
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/files/blob/a/b?method=PUT&expires=1&signature=00 HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Length: 1099511627776\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("\"status\":413");
        }
    }

    private static void assertDigests(JsonNode json, IndependentDigest.Result expected) {
        assertThat(json.get("size").asLong()).isEqualTo(SIZE);
        assertThat(json.get("sha256").asText()).isEqualTo(expected.sha256());
        assertThat(json.get("xxh64").asText()).isEqualTo(expected.xxh64());
        assertThat(json.get("md5").asText()).isEqualTo(expected.md5());
    }

    private static String base() {
        return "http://localhost:" + RestAssured.port;
    }
}
