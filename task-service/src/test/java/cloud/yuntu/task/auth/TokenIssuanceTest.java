package cloud.yuntu.task.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import cloud.yuntu.task.FarmTest;
import cloud.yuntu.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** POST /api/auth/token (passwords and client credentials), the bootstrap admin and the admins' account API. */
@QuarkusTest
class TokenIssuanceTest extends FarmTest {

    /** As in the %test profile of application.properties. */
    private static final String BOOTSTRAP_PASSWORD = "test-bootstrap-admin-password";
    private static final String AGENT_SECRET = "test-agent-secret-0123456789";
    private static final String SERVICE_SECRET = "test-service-secret-0123456789";

    @Test
    void theBootstrapAdminSignsInAndGetsAnAdminToken() {
        JsonPath answer = login("admin", BOOTSTRAP_PASSWORD).statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(3600))
                .extract().jsonPath();
        String token = answer.getString("access_token");
        JsonPath claims = claims(token);
        assertThat(claims.getString("sub")).isEqualTo("admin");
        assertThat(claims.getList("groups", String.class)).containsExactly("admin");
        assertThat(claims.getString("iss")).isEqualTo(TestTokens.ISSUER);
        assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(3600);
        given().auth().oauth2(token).get("/api/tasks").then().statusCode(200);
    }

    @Test
    void anAccountMadeByAnAdminSignsInAsAPlainUser() {
        String user = "user-" + UUID.randomUUID().toString().substring(0, 8);
        putAccount(user, Map.of("password", "correct horse battery", "admin", false)).statusCode(201)
                .body("username", equalTo(user)).body("admin", equalTo(false)).body("hasPassword", equalTo(true));
        putAccount(user, Map.of("admin", false)).statusCode(200).body("hasPassword", equalTo(true));

        String token = login(user, "correct horse battery").statusCode(200).extract().path("access_token");
        assertThat(claims(token).getString("sub")).isEqualTo(user);
        assertThat(claims(token).getList("groups", String.class)).isEmpty();
        given().auth().oauth2(token).get("/api/tasks").then().statusCode(200);
        assertThat(farm.count("SELECT count(*) FROM task.account WHERE username = ? AND password_hash LIKE '$2%'", user))
                .as("stored as a bcrypt hash, never in clear").isEqualTo(1);
    }

    @Test
    void aWrongPasswordAndAnUnknownUserAnswerAlike() {
        String user = account();
        String wrong = login(user, "not the password").statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer").extract().path("detail");
        String unknown = login("nobody-" + UUID.randomUUID().toString().substring(0, 8), "whatever1")
                .statusCode(401).contentType("application/problem+json").extract().path("detail");
        assertThat(unknown).isEqualTo(wrong);
    }

    @Test
    void repeatedFailuresOfOneUsernameAreSlowedDown() {
        String user = account();
        for (int i = 0; i < 5; i++) {
            login(user, "guess-" + i).statusCode(401);
        }
        // Even the right password waits now; it is not checked at all.
        String retryAfter = login(user, "correct horse battery").statusCode(429).contentType("application/problem+json")
                .extract().header("Retry-After");
        assertThat(Long.parseLong(retryAfter)).isBetween(1L, 60L);

        farm.sql("UPDATE task.account SET last_failed_at = now() - interval '2 hours' WHERE username = ?", user);
        login(user, "correct horse battery").statusCode(200);
        assertThat(farm.count("SELECT failed_logins FROM task.account WHERE username = ?", user)).isZero();
    }

    @Test
    void unknownUsernamesAreSlowedDownLikeRealOnes() {
        String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            login(nobody, "guess-" + i).statusCode(401);
        }
        login(nobody, "guess-5").statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void missingOrMalformedFieldsAreNamed() {
        given().contentType(ContentType.JSON).body("{}").post("/api/auth/token")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("username", "password"));
        login("no spaces allowed", "whatever1").statusCode(422).body("errors[0].field", equalTo("username"));
    }

    @Test
    void theAgentSecretGivesAnAgentToken() {
        String token = clientCredentials("client_credentials", "agent-7", AGENT_SECRET).statusCode(200)
                .header("Cache-Control", "no-store").body("token_type", equalTo("Bearer"))
                .extract().path("access_token");
        assertThat(claims(token).getString("sub")).isEqualTo("agent-7");
        assertThat(claims(token).getList("groups", String.class)).containsExactly("agent");
        given().auth().oauth2(token).get("/api/tasks").then().statusCode(200)
                .body("items.size()", equalTo(0)).body("total", equalTo(0));
    }

    @Test
    void theServiceSecretGivesAServiceToken() {
        String token = clientCredentials("client_credentials", "scene-service", SERVICE_SECRET).statusCode(200)
                .extract().path("access_token");
        assertThat(claims(token).getString("sub")).isEqualTo("scene-service");
        assertThat(claims(token).getList("groups", String.class)).containsExactly("service");
    }

    @Test
    void wrongClientCredentialsAreRefused() {
        clientCredentials("client_credentials", "agent-7", "not-the-secret-at-all").statusCode(401)
                .contentType("application/problem+json");
        clientCredentials("password", "agent-7", AGENT_SECRET).statusCode(422).body("errors[0].field", equalTo("grant_type"));
        clientCredentials("client_credentials", "agent 7/../x", AGENT_SECRET).statusCode(422)
                .body("errors[0].field", equalTo("client_id"));
        given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials").post("/api/auth/token")
                .then().statusCode(422).body("errors.field", containsInAnyOrder("client_id", "client_secret"));
    }

    @Test
    void accountsAreForAdminsOnly() {
        given().contentType(ContentType.JSON).body(Map.of("admin", true)).put("/api/accounts/mallory")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(tokens.user("mallory")).contentType(ContentType.JSON).body(Map.of("admin", true))
                .put("/api/accounts/mallory").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(tokens.user("mallory")).post("/api/accounts/admin/token")
                .then().statusCode(403).contentType("application/problem+json");
        assertThat(farm.count("SELECT count(*) FROM task.account WHERE username = 'mallory'")).isZero();
    }

    @Test
    void anAdminGetsTokensForAccountsEvenWithoutPassword() {
        String user = "scripted-" + UUID.randomUUID().toString().substring(0, 8);
        putAccount(user, Map.of("admin", true)).statusCode(201).body("hasPassword", equalTo(false)).body("admin", equalTo(true));
        login(user, "anything-at-all").statusCode(401);

        String token = given().auth().oauth2(tokens.admin("ops")).post("/api/accounts/" + user + "/token")
                .then().statusCode(200).header("Cache-Control", "no-store").extract().path("access_token");
        assertThat(claims(token).getString("sub")).isEqualTo(user);
        assertThat(claims(token).getList("groups", String.class)).containsExactly("admin");

        given().auth().oauth2(tokens.admin("ops")).post("/api/accounts/nobody-" + UUID.randomUUID().toString().substring(0, 8) + "/token")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void badAccountFieldsAreNamed() {
        putAccount("short-password", Map.of("password", "short")).statusCode(422).body("errors[0].field", equalTo("password"));
        putAccount("long-password", Map.of("password", "x".repeat(73))).statusCode(422)
                .body("errors[0].field", equalTo("password")).body("errors[0].message", containsString("72 bytes"));
        putAccount("bad name", Map.of("admin", false)).statusCode(422).body("errors[0].field", equalTo("username"));
    }

    private String account() {
        String user = "user-" + UUID.randomUUID().toString().substring(0, 8);
        putAccount(user, Map.of("password", "correct horse battery")).statusCode(201);
        return user;
    }

    private ValidatableResponse putAccount(String user, Map<String, Object> body) {
        return given().auth().oauth2(tokens.admin("ops")).contentType(ContentType.JSON).body(body)
                .put("/api/accounts/" + user).then();
    }

    private static ValidatableResponse login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/auth/token").then();
    }

    private static ValidatableResponse clientCredentials(String grantType, String clientId, String secret) {
        return given().contentType(ContentType.URLENC).formParam("grant_type", grantType).formParam("client_id", clientId)
                .formParam("client_secret", secret).post("/api/auth/token").then();
    }

    private static JsonPath claims(String token) {
        return new JsonPath(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }
}
