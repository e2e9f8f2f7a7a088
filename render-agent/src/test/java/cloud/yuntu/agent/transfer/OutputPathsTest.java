package cloud.yuntu.agent.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputPathsTest {

    @TempDir
    Path renderDir;

    @Test
    void pathsBelowTheRenderDirectoryMayBeUploaded() {
        assertThat(OutputPaths.problem("shot.0001.png")).isEmpty();
        assertThat(OutputPaths.problem("masterLayer/shot_persp.0001.exr")).isEmpty();
        assertThat(OutputPaths.problem("a/b/c.v2..0001.png")).as("dots inside a name").isEmpty();
    }

    @Test
    void climbingHiddenAndAbsolutePathsMayNot() {
        assertThat(OutputPaths.problem("../shot.0001.png")).hasValue("'..' segment");
        assertThat(OutputPaths.problem("fg/../../x.png")).hasValue("'..' segment");
        assertThat(OutputPaths.problem(".hidden/shot.0001.png")).hasValue("segment starting with '.'");
        assertThat(OutputPaths.problem("fg/.shot.0001.png")).hasValue("segment starting with '.'");
        assertThat(OutputPaths.problem("fg\\..\\x.png")).hasValue("'..' segment");
        assertThat(OutputPaths.problem("/etc/x.png")).hasValue("absolute path");
        assertThat(OutputPaths.problem("")).hasValue("empty path");
    }

    @Test
    void theUploaderFindsImagesInSubfoldersAsRelativePaths() throws Exception {
        Files.createDirectories(renderDir.resolve("fg/deep"));
        Files.writeString(renderDir.resolve("shot.0001.png"), "a");
        Files.writeString(renderDir.resolve("fg/shot.0001.png"), "b");
        Files.writeString(renderDir.resolve("fg/deep/shot.0001.png"), "c");
        Files.createDirectories(renderDir.resolve("empty"));

        assertThat(OutputUploader.outputsOf(renderDir))
                .containsExactly("fg/deep/shot.0001.png", "fg/shot.0001.png", "shot.0001.png");
    }

    @Test
    void aHiddenFileOrALinkFailsTheWholeUpload(@TempDir Path elsewhere) throws Exception {
        Files.createDirectories(renderDir.resolve("fg"));
        Files.writeString(renderDir.resolve("fg/shot.0001.png"), "b");
        Files.writeString(renderDir.resolve("fg/.shot.0001.png.tmp"), "x");

        assertThatThrownBy(() -> OutputUploader.outputsOf(renderDir)).isInstanceOf(TransferFailed.class)
                .hasMessageContaining("fg/.shot.0001.png.tmp").hasMessageContaining("segment starting with '.'");

        Files.delete(renderDir.resolve("fg/.shot.0001.png.tmp"));
        Path secret = Files.writeString(elsewhere.resolve("secret.txt"), "node secret");
        Files.createSymbolicLink(renderDir.resolve("fg/shot.0002.png"), secret);

        assertThatThrownBy(() -> OutputUploader.outputsOf(renderDir)).isInstanceOf(TransferFailed.class)
                .hasMessageContaining("output fg/shot.0002.png is not uploaded: not a regular file");
    }
}
