package cloud.yuntu.agent.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RenderLogTest {

    @Test
    void keepsTheLastLinesAndTheFirstError() {
        RenderLog log = new RenderLog(3);
        log.accept("Starting Rendering /tmp/shot.ma");
        log.accept("// Error: [mtoa] Failed to render frame 5");
        log.accept("// Error: Render failed on frame 5.");
        IntStream.range(0, 5).forEach(i -> log.accept("line " + i));

        assertThat(log.tail()).containsExactly("line 2", "line 3", "line 4");
        assertThat(log.firstError()).isEqualTo("[mtoa] Failed to render frame 5");
    }

    @Test
    void sceneLoadErrorsAreNotWorthRetrying() {
        assertThat(RenderLog.isSceneLoadError("File not found: /w/scene/shot.ma")).isTrue();
        assertThat(RenderLog.isSceneLoadError("Scene /w/shot.mb failed to load.")).isTrue();
        assertThat(RenderLog.isSceneLoadError("[mtoa] Failed to render frame 5")).isFalse();
        assertThat(RenderLog.isSceneLoadError(null)).isFalse();
    }

    @Test
    void aProjectFileArnoldCannotOpenIsTheReasonAndNotWorthRetrying() {
        RenderLog log = new RenderLog(10);
        log.accept("00:00:01    43MB ERROR   |  [texturesys] file1: Could not open file \"/w/project/sourceimages/grid.png\"");
        log.accept("// Error: [texturesys] file1: Could not open file \"/w/project/sourceimages/grid.png\" //");
        log.accept("00:00:01    43MB WARNING |  render terminating early:  received abort signal");
        log.accept("// Error: Render failed on frame 1.");

        assertThat(log.firstError()).as("Maya's closing // left out")
                .isEqualTo("[texturesys] file1: Could not open file \"/w/project/sourceimages/grid.png\"");
        assertThat(RenderLog.isMissingProjectFile(log.firstError())).isTrue();
        assertThat(RenderLog.isSceneLoadError(log.firstError())).isTrue();
        assertThat(RenderLog.isMissingProjectFile("[mtoa] Failed to render frame 1: out of memory")).isFalse();
    }

    @Test
    void warningsOfMissingFilesAreNoError() {
        RenderLog log = new RenderLog(10);
        log.accept("// Warning: file: /w/shot.ma line 5: Reference file not found: ../assets/prop.ma //");
        log.accept("// Warning: Errors have occurred while reading this scene that may result in data loss. //");
        log.accept("// Warning: file1.fileTextureName: file \"/w/x.png\" not found, rendered without it //");

        assertThat(log.firstError()).isNull();
    }
}
