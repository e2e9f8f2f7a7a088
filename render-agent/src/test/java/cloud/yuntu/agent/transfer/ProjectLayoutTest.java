package cloud.yuntu.agent.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.contracts.frame.SceneManifest;
import cloud.yuntu.contracts.frame.StoredObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectLayoutTest {

    private static final Path ROOT = Path.of("/w/job/project");
    private static final StoredObject SCENE = new StoredObject("scenes/20261202/s/shot.ma", 1, "a".repeat(64), null, null);

    private static SceneManifest manifest(String... paths) {
        return new SceneManifest(SCENE, "shot.ma",
                java.util.Arrays.stream(paths).map(p -> SceneManifest.Asset.of(p, "b".repeat(64), 1)).toList());
    }

    @Test
    void aSceneWhoseFilesLieBesideOrBelowItSitsAtTheProjectRoot() throws Exception {
        ProjectLayout layout = ProjectLayout.of(ROOT, manifest("sourceimages/wood.png", "cache\\hero.abc"));
        assertThat(layout.sceneFolder()).isEqualTo(ROOT);
        assertThat(layout.scene()).isEqualTo(ROOT.resolve("shot.ma"));
        assertThat(layout.assets()).containsEntry("sourceimages/wood.png", ROOT.resolve("sourceimages/wood.png"))
                .containsEntry("cache\\hero.abc", ROOT.resolve("cache/hero.abc"));
    }

    @Test
    void aSceneWhoseFilesClimbSitsAsDeepAsTheyClimb() throws Exception {
        ProjectLayout layout = ProjectLayout.of(ROOT, manifest("../textures/RGBA.png", "../../shared/rig.ma", "local.png"));
        assertThat(layout.sceneFolder()).isEqualTo(ROOT.resolve("scenes/scenes2"));
        assertThat(layout.scene()).isEqualTo(ROOT.resolve("scenes/scenes2/shot.ma"));
        assertThat(layout.assets().get("../textures/RGBA.png")).isEqualTo(ROOT.resolve("scenes/textures/RGBA.png"));
        assertThat(layout.assets().get("../../shared/rig.ma")).isEqualTo(ROOT.resolve("shared/rig.ma"));
        assertThat(layout.assets().get("local.png")).isEqualTo(ROOT.resolve("scenes/scenes2/local.png"));
    }

    @Test
    void pathsThatLeaveTheProjectOrAreAbsoluteOrTheSceneItselfAreRefused() {
        for (List<String> bad : List.of(List.of("/etc/passwd"), List.of("C:/proj/a.png"), List.of("a/../../../x"),
                List.of("shot.ma"), List.of("sub/.."))) {
            assertThatThrownBy(() -> ProjectLayout.of(ROOT, manifest(bad.toArray(String[]::new))))
                    .as(bad.toString()).isInstanceOf(TransferFailed.class)
                    .satisfies(e -> assertThat(((TransferFailed) e).retryable()).isFalse());
        }
    }
}
