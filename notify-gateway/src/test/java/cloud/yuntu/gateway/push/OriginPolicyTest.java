package cloud.yuntu.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private final OriginPolicy policy = new OriginPolicy(List.of("https://Console.Example.com:443/", " http://localhost:3000"));

    @Test
    void theGatewaysOwnPagesMayConnect() {
        assertThat(policy.allows("http://localhost:8080", "localhost:8080")).isTrue();
        assertThat(policy.allows("https://farm.example.com", "farm.example.com")).isTrue();
        assertThat(policy.allows("https://FARM.example.com", "farm.example.com:443")).isTrue();
        assertThat(policy.allows("http://localhost:8081", "localhost:8080")).isFalse();
        assertThat(policy.allows("http://evil.example", "localhost:8080")).isFalse();
    }

    @Test
    void configuredOriginsMayConnectWhateverTheHost() {
        assertThat(policy.allows("https://console.example.com", "gateway.internal:8080")).isTrue();
        assertThat(policy.allows("http://localhost:3000", "localhost:8080")).isTrue();
        assertThat(policy.allows("http://console.example.com", "gateway.internal:8080")).isFalse();
    }

    @Test
    void clientsWithoutOriginAreNotBrowsersAndMayConnect() {
        assertThat(policy.allows(null, "localhost:8080")).isTrue();
    }

    @Test
    void opaqueOrMalformedOriginsAreRefused() {
        assertThat(policy.allows("null", "localhost:8080")).isFalse();
        assertThat(policy.allows("file://", "localhost:8080")).isFalse();
        assertThat(policy.allows("not an origin", "localhost:8080")).isFalse();
        assertThat(policy.allows("http://localhost:8080", null)).isFalse();
    }

    @Test
    void aConfiguredValueThatIsNoOriginFailsAtStartup() {
        assertThatThrownBy(() -> new OriginPolicy(List.of("console.example.com")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("console.example.com");
    }
}
