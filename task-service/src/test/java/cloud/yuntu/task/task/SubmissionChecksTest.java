package cloud.yuntu.task.task;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.problem.Problem.FieldError;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The refusals of a submission that need nothing but the request, without Quarkus. */
class SubmissionChecksTest {

    private static final String KEY = "scenes/20260101/" + UUID.randomUUID() + "/shot.ma";

    @Test
    void onlyTheSceneKeyIsNeeded() {
        SubmissionChecks.Checked checked = check(request(KEY, null, null, null, null));
        assertThat(checked.errors()).isEmpty();
        assertThat(checked.overrides()).isEqualTo(TaskOverrides.NONE);
        assertThat(checked.sceneKey()).isPresent();
    }

    @Test
    void badFrameListsAreNamed() {
        assertThat(fields(request(KEY, "", null, null, null))).containsExactly("frames");
        assertThat(messages(request(KEY, "10-1", null, null, null))).anyMatch(m -> m.contains("ends before it starts"));
        assertThat(messages(request(KEY, "1-10x0", null, null, null))).anyMatch(m -> m.contains("step below 1"));
        assertThat(messages(request(KEY, "1-1000001", null, null, null))).anyMatch(m -> m.contains("more than 1000000"));
        assertThat(check(request(KEY, "1-1000000", null, null, null)).errors()).isEmpty();
    }

    @Test
    void outputPrefixesThatLeaveTheResultsAreRefused() {
        for (String prefix : List.of("..", "../x", "a/../../x", "/abs/img", "C:/img", "c:img", "~/img", ".hidden", "a/.b/img",
                "a\\b", "a//b", "", "img\u0000", "img\u2028ok\u0085")) {
            assertThat(fields(request(KEY, null, null, null, prefix))).as(prefix).containsExactly("outputPrefix");
        }
        for (String prefix : List.of("img", "<RenderLayer>/<Scene>", "<Layer>/<Camera>/shot_v<Version>", "renders/final/",
                "a.b/c_d-e")) {
            assertThat(fields(request(KEY, null, null, null, prefix))).as(prefix).isEmpty();
        }
    }

    @Test
    void controlCharactersInAnyStringAreRefusedNamingTheField() {
        assertThat(fields(request(KEY, null, "persp\u0000", null, null))).containsExactly("camera");
        assertThat(fields(request(KEY, null, null, List.of("ok", "fg\nINFO forged"), null))).containsExactly("layers[1]");
        assertThat(fields(request(KEY, null, null, List.of("bad\uFFFD"), null))).containsExactly("layers[0]");
        assertThat(fields(request(KEY + "\r", null, null, null, null))).containsExactly("sceneKey");
        assertThat(fields(request(KEY, "1-3\n", null, null, null))).containsExactly("frames");
    }

    @Test
    void layersMustNameEachLayerOnce() {
        assertThat(fields(request(KEY, null, null, List.of(), null))).containsExactly("layers");
        assertThat(fields(request(KEY, null, null, List.of("a", "a"), null))).containsExactly("layers[1]");
        assertThat(fields(request(KEY, null, null, List.of("a", " "), null))).containsExactly("layers[1]");
    }

    @Test
    void aMalformedSceneKeyIsNamed() {
        assertThat(fields(request("results/x", null, null, null, null))).containsExactly("sceneKey");
    }

    @Test
    void everyFieldAtFaultAtOnce() {
        assertThat(fields(request("nope", "3-1", "cam\n", List.of(), "../x")))
                .containsExactlyInAnyOrder("sceneKey", "frames", "camera", "layers", "outputPrefix");
    }

    private static SubmitTaskRequest request(String key, String frames, String camera, List<String> layers, String prefix) {
        return new SubmitTaskRequest(key, frames, null, null, null, camera, layers, null, null, prefix, null, null, null);
    }

    private static SubmissionChecks.Checked check(SubmitTaskRequest request) {
        return SubmissionChecks.check(request, 1_000_000);
    }

    private static List<String> fields(SubmitTaskRequest request) {
        return check(request).errors().stream().map(FieldError::field).toList();
    }

    private static List<String> messages(SubmitTaskRequest request) {
        return check(request).errors().stream().map(FieldError::message).toList();
    }
}
