package cloud.yuntu.testsupport;

import cloud.yuntu.deploy.secrets.TokenKeys;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * Tokens for tests: valid ones for users, admins, agents and services, signed with the key the
 * services under test trust, and the bad ones an attacker would try (expired, signed by another
 * key, {@code alg: none}, a payload changed after signing).
 */
public final class TestTokens {

    public static final String ISSUER = "https://yuntu.test";

    private final TokenKeys keys;
    private final String issuer;
    private final PrivateKey signingKey;
    private PrivateKey otherKey;

    TestTokens(TokenKeys keys) {
        this(keys, ISSUER);
    }

    private TestTokens(TokenKeys keys, String issuer) {
        this.keys = keys;
        this.issuer = issuer;
        this.signingKey = readPrivate(keys);
    }

    /** Tokens of a running farm: signed with its own key pair, naming it as issuer (the e2e tests). */
    public static TestTokens of(TokenKeys keys, String issuer) {
        return new TestTokens(keys, issuer);
    }

    public TokenKeys keys() {
        return keys;
    }

    public String user(String id) {
        return token(id, Set.of(), Duration.ofMinutes(30));
    }

    public String admin(String id) {
        return token(id, Set.of("admin"), Duration.ofMinutes(30));
    }

    public String agent(String id) {
        return token(id, Set.of("agent"), Duration.ofMinutes(30));
    }

    public String service(String id) {
        return token(id, Set.of("service"), Duration.ofMinutes(30));
    }

    public String token(String subject, Set<String> groups, Duration lifetime) {
        Instant now = Instant.now();
        return Jwt.issuer(issuer).subject(subject).groups(groups).issuedAt(now).expiresAt(now.plus(lifetime))
                .jws().keyId("test").sign(signingKey);
    }

    /** Expired a minute ago (beyond any clock skew the verifier allows). */
    public String expired(String id) {
        Instant past = Instant.now().minus(Duration.ofHours(1));
        return Jwt.issuer(issuer).subject(id).groups(Set.of()).issuedAt(past).expiresAt(past.plus(Duration.ofMinutes(5)))
                .sign(signingKey);
    }

    /** Well-formed and valid in every claim, but signed by a key nobody trusts. */
    public synchronized String signedByAnotherKey(String id) {
        if (otherKey == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                otherKey = generator.generateKeyPair().getPrivate();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        Instant now = Instant.now();
        return Jwt.issuer(issuer).subject(id).groups(Set.of("admin")).issuedAt(now).expiresAt(now.plusSeconds(600))
                .sign(otherKey);
    }

    /** A token with the right claims and {@code alg: none}: no signature at all. */
    public String unsigned(String id) {
        long now = Instant.now().getEpochSecond();
        String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = base64("{\"iss\":\"" + issuer + "\",\"sub\":\"" + id + "\",\"groups\":[\"admin\"],\"iat\":" + now
                + ",\"exp\":" + (now + 600) + "}");
        return header + "." + payload + ".";
    }

    /** Signed with the trusted key and valid in every claim but the issuer: a token of some other system. */
    public String otherIssuer(String id) {
        Instant now = Instant.now();
        return Jwt.issuer("https://not-yuntu.example").subject(id).groups(Set.of()).issuedAt(now)
                .expiresAt(now.plusSeconds(600)).sign(signingKey);
    }

    /** A valid user's token whose payload was then changed to name another subject and make it admin. */
    public String tampered(String signedFor, String claimedSubject) {
        return tamper(user(signedFor), claimedSubject);
    }

    /** {@code issued} (any real token) with its payload changed afterwards to name {@code claimedSubject} as an admin. */
    public static String tamper(String issued, String claimedSubject) {
        String[] parts = issued.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"sub\"\\s*:\\s*\"[^\"]*\"", "\"sub\":\"" + claimedSubject + "\"")
                .replaceFirst("\"groups\"\\s*:\\s*\\[[^]]*]", "\"groups\":[\"admin\"]");
        if (!payload.contains("\"sub\":\"" + claimedSubject + "\"")) {
            throw new IllegalStateException("no sub claim to change in the token");
        }
        return parts[0] + "." + base64(payload) + "." + parts[2];
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static PrivateKey readPrivate(TokenKeys keys) {
        try {
            String pem = Files.readString(keys.privateKey()).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read " + keys.privateKey(), e);
        }
    }
}
