package cloud.yuntu.e2e;

import cloud.yuntu.deploy.local.LocalFarm;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The tokens an attacker would try against the farm. Those that need a signature are signed with
 * the farm's own key (read from its secrets directory) where only one thing must be wrong: an
 * expired token is otherwise perfect, so its refusal proves the expiry check and nothing else.
 * (test-support's TestTokens names another issuer and cannot be pointed at the farm's key.)
 */
final class ForgedTokens {

    private final PrivateKey farmKey;
    private final PrivateKey otherKey;

    ForgedTokens(Path farmPrivateKey) {
        this.farmKey = readPrivate(farmPrivateKey);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.otherKey = generator.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed by the farm's key, right issuer and subject, but expired an hour ago. */
    String expired(String subject) {
        Instant past = Instant.now().minus(Duration.ofHours(1));
        return Jwt.issuer(LocalFarm.ISSUER).subject(subject).groups(Set.of()).issuedAt(past)
                .expiresAt(past.plus(Duration.ofMinutes(5))).sign(farmKey);
    }

    /** Valid in every claim (and claiming admin), signed by a key the farm never made. */
    String signedByAnotherKey(String subject) {
        Instant now = Instant.now();
        return Jwt.issuer(LocalFarm.ISSUER).subject(subject).groups(Set.of("admin")).issuedAt(now)
                .expiresAt(now.plusSeconds(600)).sign(otherKey);
    }

    /** Signed by the farm's key but naming another issuer: a token of some other system. */
    String otherIssuer(String subject) {
        Instant now = Instant.now();
        return Jwt.issuer("https://not-yuntu.example").subject(subject).groups(Set.of()).issuedAt(now)
                .expiresAt(now.plusSeconds(600)).sign(farmKey);
    }

    /** The right claims, admin included, with {@code alg: none} and no signature. */
    String unsigned(String subject) {
        long now = Instant.now().getEpochSecond();
        return base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64("{\"iss\":\"" + LocalFarm.ISSUER
                + "\",\"sub\":\"" + subject + "\",\"groups\":[\"admin\"],\"iat\":" + now + ",\"exp\":" + (now + 600) + "}") + ".";
    }

    /** A real token the farm issued, its payload changed afterwards to name {@code claimedSubject} as an admin. */
    static String tampered(String issued, String claimedSubject) {
        String[] parts = issued.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"sub\"\\s*:\\s*\"[^\"]*\"", "\"sub\":\"" + claimedSubject + "\"")
                .replaceFirst("\"groups\"\\s*:\\s*\\[[^]]*]", "\"groups\":[\"admin\"]");
        if (!payload.contains("\"sub\":\"" + claimedSubject + "\"")) {
            throw new IllegalStateException("no sub claim to change in the issued token");
        }
        return parts[0] + "." + base64(payload) + "." + parts[2];
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static PrivateKey readPrivate(Path pem) {
        try {
            String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read " + pem, e);
        }
    }
}
