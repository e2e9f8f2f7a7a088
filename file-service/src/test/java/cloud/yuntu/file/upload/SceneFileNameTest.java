package cloud.yuntu.file.upload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SceneFileNameTest {

    @Test
    void keepsSafeNames() {
        assertThat(SceneFileName.sanitize("shot_010-v2.ma")).isEqualTo("shot_010-v2.ma");
    }

    @Test
    void dropsDirectoriesOfEitherSeparator() {
        assertThat(SceneFileName.sanitize("../../etc/passwd")).isEqualTo("passwd");
        assertThat(SceneFileName.sanitize("C:\\Users\\artist\\scenes\\shot.mb")).isEqualTo("shot.mb");
    }

    @Test
    void replacesUnsafeCharactersAndAccents() {
        assertThat(SceneFileName.sanitize("my scène (final).ma")).isEqualTo("my_scene__final_.ma");
        assertThat(SceneFileName.sanitize("..hidden.ma")).isEqualTo("hidden.ma");
    }

    @Test
    void fallsBackWhenNothingUsableRemains() {
        assertThat(SceneFileName.sanitize(null)).isEqualTo("scene");
        assertThat(SceneFileName.sanitize("..")).isEqualTo("scene");
        assertThat(SceneFileName.sanitize("场景")).isEqualTo("scene");
    }

    @Test
    void boundsTheLengthKeepingTheExtension() {
        String name = SceneFileName.sanitize("a".repeat(500) + ".ma");
        assertThat(name).hasSize(SceneFileName.MAX_LENGTH).endsWith(".ma");
    }
}
