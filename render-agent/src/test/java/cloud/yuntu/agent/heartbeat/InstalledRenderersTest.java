package cloud.yuntu.agent.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.contracts.agent.AgentHeartbeat.RendererVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstalledRenderersTest {

    private static final List<String> MAYA = List.of("arnold", "redshift", "vray");

    @Test
    void withoutMayaOnlyTheSimulatorIsReportedAndItRunsOnlySimulateJobs() {
        InstalledRenderers renderers = new InstalledRenderers(MAYA, "2026", false, false);

        assertThat(renderers.list()).containsExactly(new RendererVersion("simulate", "1.0"));
        assertThat(renderers.names()).containsExactly("simulate");
        assertThat(renderers.has("arnold")).isFalse();
        assertThat(renderers.simulated("simulate")).isTrue();
    }

    @Test
    void withMayaItsRenderersRunInMaya() {
        InstalledRenderers renderers = new InstalledRenderers(MAYA, "2026", false, true);

        assertThat(renderers.names()).containsExactly("arnold", "redshift", "vray", "simulate");
        assertThat(renderers.list()).contains(new RendererVersion("redshift", "2026"));
        assertThat(renderers.simulated("arnold")).isFalse();
    }

    @Test
    void theSimulatorStandsInForEveryMayaRendererWhenAsked() {
        InstalledRenderers renderers = new InstalledRenderers(MAYA, "2026", true, true);

        assertThat(renderers.names()).containsExactly("arnold", "redshift", "vray", "simulate");
        assertThat(renderers.simulated("vray")).isTrue();
        assertThat(renderers.has("renderman")).isFalse();
    }

    @Test
    void aRendererNameThatCannotNameALaneStopsTheAgent() {
        assertThatThrownBy(() -> new InstalledRenderers(List.of("arnold", "v ray"), "2026", true, true))
                .hasMessageContaining("'v ray' is not a renderer name");
        assertThatThrownBy(() -> new InstalledRenderers(List.of("a.b"), "2026", true, true))
                .hasMessageContaining("'a.b'");
    }
}
