package cloud.yuntu.scene.mayapy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Maya is not installed here: only the command is checked, never run. */
class MayapyCommandTest {

    @Test
    void runsTheShippedScriptOnTheSceneWithAPrivateMayaAppDir() {
        MayapyCommand command = new MayapyCommand(Path.of("/usr/autodesk/maya2025/bin/mayapy"), Path.of("/tmp/x/scene_report.py"));

        ProcessBuilder process = command.process(Path.of("/data/shot.ma"), Path.of("/tmp/work"));

        assertThat(process.command()).containsExactly("/usr/autodesk/maya2025/bin/mayapy", "/tmp/x/scene_report.py",
                "/data/shot.ma");
        assertThat(process.directory()).isEqualTo(Path.of("/tmp/work").toFile());
        assertThat(process.environment()).containsEntry("MAYA_APP_DIR", "/tmp/work/maya-app")
                .containsEntry("MAYA_DISABLE_CIP", "1");
    }

    @Test
    void relativeScenePathsAreRefused() {
        MayapyCommand command = new MayapyCommand(Path.of("mayapy"), Path.of("s.py"));
        assertThatThrownBy(() -> command.argv(Path.of("shot.ma"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theScriptIsShipped() throws Exception {
        try (InputStream script = getClass().getResourceAsStream("/mayapy/scene_report.py")) {
            assertThat(script).isNotNull();
            assertThat(new String(script.readAllBytes())).contains("maya.standalone.initialize");
        }
    }
}
