package cloud.yuntu.agent.render.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VRayLogTest {

    private static final FrameSequence ONE = new FrameSequence(1, 1, 1);

    @Test
    void aFrameEndsWithItsTotalFrameTime() {
        RealLog log = RealLog.read("vray", "deadline-cloud-samples-287-vray7-maya2027.log", ONE);

        assertThat(log.frames()).containsExactly("1 started", "1 finished");
        assertThat(log.progress()).containsExactly(100.0);
        assertThat(log.errors()).isEmpty();
        assertThat(log.reader.verdict(0).success()).isTrue();
    }

    @Test
    void pluginLibrariesFailingToLoadAreErrorsThatDoNotFailTheRender() {
        RealLog log = RealLog.read("vray", "openpype-4854-plugin-library-errors.log", ONE);

        assertThat(log.errors()).hasSize(3).allSatisfy(error -> assertThat(error.fatal()).isFalse());
        assertThat(log.warnings()).hasSize(1);
        assertThat(log.reader.verdict(0).success()).isTrue();
        assertThat(log.reader.verdict(1).reason()).startsWith("file: d:/PROJECTS/templates/lookdev/template_v001.ma line 7: "
                + "V-Ray : Error loading plugin library").endsWith("vray_BRDFAL.dll\": [loadLibEx] 127: LoadLibrary failed (127): "
                + "The specified procedure could not be found.");
    }

    @Test
    void noLicenceFailsTheFrameRetryable() {
        RealLog log = RealLog.read("vray", "deadline-cloud-3dsmax-238-licence.log", ONE);

        assertThat(log.reader.verdict(0)).isEqualTo(new Verdict(false, "ERR: [03840] [04108] [V-Ray] Could not obtain a "
                + "license (-88): -88: <Cloud-Licensing> Chaos Unified Login is not running", true));
    }

    @Test
    void onlyTheImageIsProgressNotThePrepasses() {
        RealLog log = RealLog.of("vray", new FrameSequence(1, 1, 2),
                "V-Ray: Building light cache...: 45.00% [ 0h  0m  1.2s] [ 0h  0m  1.5s est]",
                "V-Ray: Rendering image...: 50.00% [ 0h  0m  1.2s] [ 0h  0m  1.5s est]",
                "V-Ray: Total frame time  0h  0m  1.6s",
                "V-Ray: Rendering image...:  0.00% [ 0h  0m  0.0s] [ 0h  0m  0.0s est]");

        assertThat(log.progress()).containsExactly(25.0, 50.0, 50.0);
        assertThat(log.frames()).containsExactly("1 started", "1 finished", "2 started");
    }

    @Test
    void aSceneWithoutThePluginFailsRetryableOnAnotherNode() {
        // The message of AWS Deadline Cloud's maya_vray_render README, in Maya's error frame.
        RealLog log = RealLog.of("vray", ONE, "// Error: line 12: Unrecognized node type 'VRaySettingsNode'; preserving node "
                + "information during this session. //");

        assertThat(log.errors()).extracting(LogEvent.Error::kind).containsExactly(ErrorKind.MISSING_PLUGIN);
    }
}
