package cloud.yuntu.agent.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SceneCachePathTest {

    @Test
    void manifestPathsStayInsideTheSceneFolder() throws Exception {
        Path dir = Path.of("/w/job/scene");
        assertThat(SceneCache.inside(dir, "textures/wood.tx")).isEqualTo(Path.of("/w/job/scene/textures/wood.tx"));
        assertThatThrownBy(() -> SceneCache.inside(dir, "../../etc/passwd")).isInstanceOf(TransferFailed.class);
        assertThatThrownBy(() -> SceneCache.inside(dir, "/etc/passwd")).isInstanceOf(TransferFailed.class);
    }
}
