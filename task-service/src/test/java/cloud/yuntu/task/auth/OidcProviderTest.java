package cloud.yuntu.task.auth;

import static io.restassured.RestAssured.given;

import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.Test;

/**
 * Production's identity set-up, by configuration alone: task-service verifies tokens of an OpenID
 * Connect provider (here a second key pair published as a JWKS, with Keycloak's claim layout:
 * roles under {@code realm_access.roles}) instead of the farm's own, and the farm's own tokens
 * are then worth nothing.
 */
@QuarkusTest
@TestProfile(OidcProviderTest.Provider.class)
class OidcProviderTest {

    static final String ISSUER = "https://sso.test/realms/yuntu";

    @Test
    void theProvidersUsersAreUsersAndItsAdminsAreAdmins() {
        given().auth().oauth2(ProviderKeys.token("alice", List.of())).get("/api/tasks").then().statusCode(200);

        String account = "provisioned-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(ProviderKeys.token("alice", List.of())).contentType(ContentType.JSON)
                .body(Map.of("admin", false)).put("/api/accounts/" + account).then().statusCode(403);
        given().auth().oauth2(ProviderKeys.token("ops", List.of("admin"))).contentType(ContentType.JSON)
                .body(Map.of("admin", false)).put("/api/accounts/" + account).then().statusCode(201);
    }

    @Test
    void theFarmsOwnTokensAndOtherIssuersAreRefused() {
        given().auth().oauth2(TokenResource.tokens().admin("ops")).get("/api/tasks").then().statusCode(401)
                .contentType("application/problem+json");
        String otherIssuer = Jwt.issuer("https://elsewhere.test").subject("alice").expiresIn(Duration.ofMinutes(5))
                .jws().keyId(ProviderKeys.KEY_ID).sign(ProviderKeys.PAIR.getPrivate());
        given().auth().oauth2(otherIssuer).get("/api/tasks").then().statusCode(401);
    }

    /** Only the provider's key is trusted: the farm's test keys are not configured at all. */
    public static class Provider implements QuarkusTestProfile {

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaResource.class), new TestResourceEntry(PostgresResource.class),
                    new TestResourceEntry(ProviderKeys.class));
        }
    }

    /** The provider: a key pair of its own, published as the JWKS file a provider serves at its certs URL. */
    public static class ProviderKeys implements QuarkusTestResourceLifecycleManager {

        static final String KEY_ID = "provider-key-1";
        static final KeyPair PAIR = newPair();

        static String token(String subject, List<String> roles) {
            return Jwt.issuer(ISSUER).subject(subject).claim("realm_access", Map.of("roles", roles))
                    .expiresIn(Duration.ofMinutes(5)).jws().keyId(KEY_ID).sign(PAIR.getPrivate());
        }

        @Override
        public Map<String, String> start() {
            try {
                RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) PAIR.getPublic());
                jwk.setKeyId(KEY_ID);
                jwk.setAlgorithm("RS256");
                Path jwks = Files.createTempFile("provider-jwks-", ".json");
                Files.writeString(jwks, new JsonWebKeySet(jwk).toJson());
                return Map.of(
                        "mp.jwt.verify.publickey.location", jwks.toString(),
                        "mp.jwt.verify.issuer", ISSUER,
                        "smallrye.jwt.path.groups", "realm_access/roles");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
        }

        private static KeyPair newPair() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
