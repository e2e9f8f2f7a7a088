package cloud.yuntu.task.project;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.frame.SceneManifest;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectFilesTest {

    private static final String SHA = "a".repeat(64);

    @Test
    void pathsAsMayaScenesWriteThemAreTakenWithForwardSlashes() {
        List<ProjectFiles.Requested> files = List.of(
                new ProjectFiles.Requested("sourceimages/wood.png", SHA, 10L),
                new ProjectFiles.Requested("../textures/RGBA.png", "b".repeat(64), 0L),
                new ProjectFiles.Requested("cache\\alembic\\hero.abc", "c".repeat(64), 5L));
        assertThat(ProjectFiles.check(files)).isEmpty();
        assertThat(ProjectFiles.manifest(files)).containsExactly(
                SceneManifest.Asset.of("sourceimages/wood.png", SHA, 10),
                SceneManifest.Asset.of("../textures/RGBA.png", "b".repeat(64), 0),
                SceneManifest.Asset.of("cache/alembic/hero.abc", "c".repeat(64), 5));
        assertThat(ProjectFiles.manifest(files).getFirst().object().key()).isEqualTo("assets/sha256/" + SHA);
    }

    @Test
    void everyEntryAtFaultIsNamedByItsField() {
        List<ProjectFiles.Requested> files = new ArrayList<>(List.of(
                new ProjectFiles.Requested("C:/proj/sourceimages/a.png", SHA, 1L),
                new ProjectFiles.Requested("/mnt/proj/a.png", SHA, 1L),
                new ProjectFiles.Requested("sourceimages/../a.png", SHA, 1L),
                new ProjectFiles.Requested("a//b.png", SHA, 1L),
                new ProjectFiles.Requested("ok.png", "ABC", -1L),
                new ProjectFiles.Requested("OK.png", SHA, null),
                new ProjectFiles.Requested("../../../../../../../../../deep.png", SHA, 1L),
                new ProjectFiles.Requested("..", SHA, 1L),
                new ProjectFiles.Requested("bad\u0007bell.png", SHA, 1L)));
        files.add(null);
        List<FieldError> errors = ProjectFiles.check(files);
        assertThat(errors).extracting(FieldError::field).containsExactly(
                "assets[0].path", "assets[1].path", "assets[2].path", "assets[3].path",
                "assets[4].sha256", "assets[4].size", "assets[5].path", "assets[5].size",
                "assets[6].path", "assets[7].path", "assets[8].path", "assets[9]");
        assertThat(errors.get(0).message()).contains("relative to the scene's folder");
        assertThat(errors.get(6).message()).isEqualTo("is the same file as assets[4].path");
    }

    @Test
    void aProjectOfMoreFilesThanAllowedIsRefusedAsAWhole() {
        List<ProjectFiles.Requested> files = Collections.nCopies(ProjectFiles.MAX_FILES + 1,
                new ProjectFiles.Requested("a.png", SHA, 1L));
        assertThat(ProjectFiles.check(files)).extracting(FieldError::field).containsExactly("assets");
    }
}
