package cloud.yuntu.task.auth;

import cloud.yuntu.platform.identity.Roles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Which role a client-credentials request earns (OAuth 2.0, RFC 6749 section 4.4): the agent
 * secret makes it a render agent, the service secret a service; anything else nothing. The
 * secrets are compared in constant time, over digests of equal length, so neither their content
 * nor their length leaks through timing. A secret matching both (a misconfiguration) earns the
 * lesser role, agent.
 */
public record ClientCredentials(Optional<String> agentSecret, Optional<String> serviceSecret) {

    /** @return the role ({@link Roles#AGENT} or {@link Roles#SERVICE}) the secret earns, or empty */
    public Optional<String> roleOf(String clientSecret) {
        if (clientSecret == null || clientSecret.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = digest(clientSecret);
        // Both comparisons always run, so the answer time does not tell which secret was close.
        boolean agent = matches(presented, agentSecret);
        boolean service = matches(presented, serviceSecret);
        if (agent) {
            return Optional.of(Roles.AGENT);
        }
        return service ? Optional.of(Roles.SERVICE) : Optional.empty();
    }

    private static boolean matches(byte[] presented, Optional<String> secret) {
        byte[] expected = secret.filter(s -> !s.isEmpty()).map(ClientCredentials::digest).orElseGet(() -> new byte[presented.length]);
        return MessageDigest.isEqual(presented, expected) && secret.isPresent() && !secret.get().isEmpty();
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
