package cloud.yuntu.task.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientCredentialsTest {

    private static final String AGENT = "agent-secret-0123456789";
    private static final String SERVICE = "service-secret-0123456789";

    private final ClientCredentials both = new ClientCredentials(Optional.of(AGENT), Optional.of(SERVICE));

    @Test
    void theAgentSecretMakesAnAgent() {
        assertThat(both.roleOf(AGENT)).contains("agent");
    }

    @Test
    void theServiceSecretMakesAService() {
        assertThat(both.roleOf(SERVICE)).contains("service");
    }

    @Test
    void anyOtherSecretMakesNothing() {
        assertThat(both.roleOf("agent-secret-012345678")).isEmpty();
        assertThat(both.roleOf(AGENT + "x")).isEmpty();
        assertThat(both.roleOf(AGENT.toUpperCase())).isEmpty();
        assertThat(both.roleOf("")).isEmpty();
        assertThat(both.roleOf(null)).isEmpty();
    }

    @Test
    void withoutConfiguredSecretsNothingIsGranted() {
        ClientCredentials none = new ClientCredentials(Optional.empty(), Optional.empty());
        assertThat(none.roleOf(AGENT)).isEmpty();
        assertThat(none.roleOf("")).isEmpty();
        ClientCredentials agentsOnly = new ClientCredentials(Optional.of(AGENT), Optional.empty());
        assertThat(agentsOnly.roleOf(SERVICE)).isEmpty();
        assertThat(agentsOnly.roleOf(AGENT)).contains("agent");
    }

    @Test
    void aSecretConfiguredForBothEarnsTheLesserRole() {
        ClientCredentials same = new ClientCredentials(Optional.of(AGENT), Optional.of(AGENT));
        assertThat(same.roleOf(AGENT)).contains("agent");
    }
}
