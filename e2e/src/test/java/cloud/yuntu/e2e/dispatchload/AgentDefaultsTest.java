package cloud.yuntu.e2e.dispatchload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The simulated agents take their timing from the render agent's own configuration defaults. */
class AgentDefaultsTest {

    @Test
    void theAgentsDefaultsAreRead() {
        assertThat(AgentDefaults.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(AgentDefaults.recordLock()).isEqualTo(Duration.ofSeconds(15));
        assertThat(AgentDefaults.pollTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(AgentDefaults.metadataMaxAge()).isEqualTo(Duration.ofSeconds(3));
    }
}
