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

    @Test
    void foundInstallationsRunEachRendererInTheNewestMayaThatHasIt() {
        MayaInstalls.MayaInstall maya2025 = new MayaInstalls.MayaInstall(java.nio.file.Path.of("/usr/autodesk/maya2025"),
                "2025", java.nio.file.Path.of("/usr/autodesk/maya2025/bin/Render"), List.of(
                new RendererVersion("mayaSoftware", "2025"), new RendererVersion("arnold", "5.4.5")));
        MayaInstalls.MayaInstall maya2024 = new MayaInstalls.MayaInstall(java.nio.file.Path.of("/usr/autodesk/maya2024"),
                "2024", java.nio.file.Path.of("/usr/autodesk/maya2024/bin/Render"), List.of(
                new RendererVersion("mayaSoftware", "2024"), new RendererVersion("arnold", "5.3"),
                new RendererVersion("redshift", "unknown"), new RendererVersion("vray", "6.2")));

        InstalledRenderers renderers = InstalledRenderers.discovered(List.of(maya2025, maya2024), MAYA);

        // Only what yuntu.agent.maya.renderers names (here arnold, redshift, vray), each once.
        assertThat(renderers.list()).containsExactly(new RendererVersion("arnold", "5.4.5"),
                new RendererVersion("redshift", "unknown"), new RendererVersion("vray", "6.2"),
                new RendererVersion("simulate", "1.0"));
        assertThat(renderers.executable("arnold")).isEqualTo("/usr/autodesk/maya2025/bin/Render");
        assertThat(renderers.executable("redshift")).isEqualTo("/usr/autodesk/maya2024/bin/Render");
        assertThat(renderers.simulated("arnold")).isFalse();
        assertThat(renderers.has("mayaSoftware")).isFalse();
    }

    @Test
    void aConfiguredExecutableRunsEveryMayaJob() {
        InstalledRenderers renderers = new InstalledRenderers(MAYA, "2026", false, true, "/opt/wrap/Render");

        assertThat(renderers.executable("arnold")).isEqualTo("/opt/wrap/Render");
        assertThat(renderers.executable("vray")).isEqualTo("/opt/wrap/Render");
        assertThat(new InstalledRenderers(MAYA, "2026", false, true).executable("arnold")).isEqualTo("Render");
    }
}
