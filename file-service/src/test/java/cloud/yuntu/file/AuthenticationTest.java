package cloud.yuntu.file;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TestTokens;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every API endpoint answers 401 problem+json to a request without a valid token, and changes nothing. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class AuthenticationTest {

    static Stream<Arguments> badCredentials() {
        TestTokens tokens = Identities.tokens();
        return Stream.of(
                Arguments.of("no token", (Function<RequestSpecification, RequestSpecification>) r -> r),
                Arguments.of("a forged user header", header("X-Yuntu-User", "alice")),
                Arguments.of("not a bearer token", header("Authorization", "Basic YWxpY2U6c2VjcmV0")),
                Arguments.of("expired", bearer(tokens.expired("alice"))),
                Arguments.of("signed by another key", bearer(tokens.signedByAnotherKey("alice"))),
                Arguments.of("alg none", bearer(tokens.unsigned("alice"))),
                Arguments.of("tampered", bearer(tokens.tampered("mallory", "alice"))),
                Arguments.of("garbage", bearer("not.a.jwt")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCredentials")
    void everyEndpointRefusesABadToken(String what, Function<RequestSpecification, RequestSpecification> credential) {
        String scene = Scenes.upload("alice", "shot.ma", new byte[] {1, 2, 3});

        expect401(credential.apply(given()).queryParam("key", scene).get("/api/files/objects"));
        expect401(credential.apply(given()).contentType(ContentType.JSON).body(Map.of("key", scene, "method", "GET"))
                .post("/api/files/presign"));
        expect401(credential.apply(given()).contentType(ContentType.JSON)
                .body(Map.of("key", "results/20250101/" + UUID.randomUUID() + "/x.exr", "method", "PUT"))
                .post("/api/files/presign"));
        expect401(credential.apply(given()).get("/api/files/results/" + UUID.randomUUID()));
        expect401(credential.apply(given()).get("/api/files/logs/" + UUID.randomUUID()));
        expect401(credential.apply(given()).get("/api/files/logs/" + UUID.randomUUID() + "/frames/" + UUID.randomUUID()));
        expect401(credential.apply(given()).multiPart("file", "shot.ma", new byte[] {4, 5, 6})
                .post("/api/files/scenes"));
        // Invalid input behind a bad token is still only a bad token.
        expect401(credential.apply(given()).queryParam("key", "../etc/passwd").get("/api/files/objects"));
        expect401(credential.apply(given()).contentType(ContentType.JSON).body(Map.of("key", "../x", "method", "DELETE"))
                .post("/api/files/presign"));
        expect401(credential.apply(given()).contentType(ContentType.JSON).body("{\"key\": ").post("/api/files/presign"));
        expect401(credential.apply(given()).queryParam("attempt", "0").get("/api/files/logs/not-a-task/frames/nor-a-frame"));
    }

    @Test
    void anUploadWithoutATokenIsRefusedBeforeItsBodyIsRead() throws IOException {
        // 10 MB announced, none sent: only an answer that does not wait for the body arrives.
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/files/scenes HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 10485760\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // The answer comes while the body is still owed, so read it, not up to the end of the stream.
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[4096];
            var in = socket.getInputStream();
            for (int n; !answer.toString().contains("\"status\":401") && (n = in.read(buffer)) > 0; ) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 401").contains("application/problem+json")
                    .contains("\"status\":401").containsIgnoringCase("WWW-Authenticate: Bearer");
        }
    }

    @RepeatedTest(20)
    void aSmallUploadWithoutATokenReadsItsAnswerInsteadOfABrokenPipe() {
        // The client sends its whole body before reading; the route reads past it and answers cleanly.
        expect401(given().multiPart("file", "anonymous.ma", new byte[64 * 1024]).post("/api/files/scenes"));
    }

    @Test
    void operationalEndpointsNeedNoToken() {
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static void expect401(Response response) {
        response.then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
    }

    private static Function<RequestSpecification, RequestSpecification> bearer(String token) {
        return r -> r.header("Authorization", "Bearer " + token);
    }

    private static Function<RequestSpecification, RequestSpecification> header(String name, String value) {
        return r -> r.header(name, value);
    }
}
