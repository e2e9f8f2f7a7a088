package cloud.yuntu.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobGrantsTest {

    private static final String SECRET = "a-test-secret-of-at-least-thirty-two-chars";
    private final JobGrants grants = new JobGrants(Optional.of(SECRET), new DefaultJWTParser());
    private final JobGrant grant = new JobGrant(UUID.randomUUID(), "alice", "scenes/20261202/s/a.ma", "results/20261202/t/");

    @Test
    void aSignedGrantReadsBackAsItWasSigned() {
        assertThat(grants.verify(grants.sign(grant, Duration.ofMinutes(5)))).contains(grant);
        JobGrant ownerless = new JobGrant(grant.taskId(), null, grant.sceneKey(), grant.resultKeyPrefix());
        assertThat(grants.verify(grants.sign(ownerless, Duration.ofMinutes(5)))).contains(ownerless);
    }

    @Test
    void anotherSecretsOrAnExpiredOrAlteredGrantIsNothing() {
        JobGrants other = new JobGrants(Optional.of(SECRET + "-other"), new DefaultJWTParser());
        assertThat(grants.verify(other.sign(grant, Duration.ofMinutes(5)))).isEmpty();
        assertThat(grants.verify(grants.sign(grant, Duration.ofSeconds(-120)))).isEmpty();
        String token = grants.sign(grant, Duration.ofMinutes(5));
        String[] parts = token.split("\\.");
        String altered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        assertThat(grants.verify(altered)).isEmpty();
        assertThat(grants.verify("not-a-token")).isEmpty();
        assertThat(grants.verify(null)).isEmpty();
    }

    @Test
    void aShortSecretIsRefusedAtStart() {
        assertThatThrownBy(() -> new JobGrants(Optional.of("short"), new DefaultJWTParser()))
                .isInstanceOf(IllegalStateException.class);
    }
}
