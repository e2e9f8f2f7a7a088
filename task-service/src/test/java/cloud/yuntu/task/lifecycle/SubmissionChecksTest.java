package cloud.yuntu.task.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.problem.Problem.FieldError;
import java.math.BigDecimal;
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

    @Test
    void withoutRunOptionsTheTaskRunsByDefault() {
        assertThat(check(request(KEY, "1-10", null, null, null)).policy()).isEqualTo(RunPolicy.DEFAULT);
        assertThat(RunPolicy.DEFAULT.tests()).isFalse();
    }

    @Test
    void autoTestFramesAreKeptAsAutoInAnyCase() {
        SubmissionChecks.Checked checked = check(run("1-10", " AUTO ", null, null));
        assertThat(checked.errors()).isEmpty();
        assertThat(checked.policy().testFrames()).isEqualTo("auto");
        assertThat(checked.policy().tests()).isTrue();
    }

    @Test
    void aTestFrameListIsKeptStrippedAsRequested() {
        SubmissionChecks.Checked checked = check(run("1-100", " 1, 50,100 ", null, null));
        assertThat(checked.errors()).isEmpty();
        assertThat(checked.policy().testFrames()).isEqualTo("1, 50,100");
    }

    @Test
    void theRunOptionsAreKeptOnThePolicy() {
        SubmitTaskRequest request = new SubmitTaskRequest(KEY, "1-10", null, null, null, null, null, null, null, null, null,
                null, null, "auto", true, true, new BigDecimal("12.5"), 5, null);
        SubmissionChecks.Checked checked = check(request);
        assertThat(checked.errors()).isEmpty();
        assertThat(checked.policy()).isEqualTo(new RunPolicy("auto", true, true, new BigDecimal("12.5"), 5));
    }

    @Test
    void blankOrMalformedTestFramesAreNamed() {
        for (String spec : List.of("", "   ", "1-", "abc", "10-1", "first", "1,,2")) {
            assertThat(fields(run(null, spec, null, null))).as("\"%s\"", spec).containsExactly("testFrames");
        }
        assertThat(messages(run(null, "", null, null))).singleElement().asString().contains("auto or a frame list");
    }

    @Test
    void moreThanAHundredTestFramesAreRefused() {
        assertThat(messages(run(null, "1-101", null, null))).singleElement().asString().contains("at most 100");
        assertThat(check(run(null, "1-100", null, null)).errors()).isEmpty();
    }

    @Test
    void testFramesOutsideTheRequestedFramesAreNamed() {
        assertThat(fields(run("1-10", "5,11,12", null, null))).containsExactly("testFrames");
        assertThat(messages(run("1-10", "5,11,12", null, null))).singleElement().asString()
                .contains("11, 12").contains("outside the task's frames").doesNotContain("5,");
        assertThat(check(run("1-10", "1,5,10", null, null)).errors()).isEmpty();
        assertThat(check(run("1-100x10", "1,91", null, null)).errors()).isEmpty();
        assertThat(fields(run("1-100x10", "2", null, null))).as("between the frames of a stepped list")
                .containsExactly("testFrames");
    }

    @Test
    void aLongListOfTestFramesOutsideNamesTheFirstTen() {
        String message = messages(run("1-10", "11-40", null, null)).getFirst();
        assertThat(message).contains("11, 12").contains("20").doesNotContain("21");
    }

    @Test
    void testFramesOfATaskWhoseFramesComeFromTheSceneWaitForTheAnalysis() {
        assertThat(check(run(null, "5000", null, null)).errors()).isEmpty();
    }

    @Test
    void badFramesAreNotBlamedOnTheTestFramesToo() {
        assertThat(fields(run("10-1", "5", null, null))).containsExactly("frames");
    }

    @Test
    void controlCharactersInTestFramesAreNamedOnce() {
        assertThat(fields(run(null, "1-3\n", null, null))).containsExactly("testFrames");
        assertThat(fields(run(null, "1-3\u0000", null, null))).containsExactly("testFrames");
    }

    @Test
    void approvingOrStoppingAfterTheTestNeedsTestFrames() {
        assertThat(fields(run("1-10", null, null, true))).containsExactly("approveAfterTest");
        assertThat(fields(run("1-10", null, true, null))).containsExactly("stopAfterTest");
        assertThat(fields(run("1-10", null, true, true))).containsExactlyInAnyOrder("approveAfterTest", "stopAfterTest");
        assertThat(check(run("1-10", null, false, false)).errors()).as("false asks nothing").isEmpty();
        assertThat(check(run("1-10", "auto", true, true)).errors()).isEmpty();
        assertThat(check(run("1-10", "2", true, true)).errors()).isEmpty();
    }

    @Test
    void invalidTestFramesAreNamedWithoutBlamingApprovalToo() {
        assertThat(fields(run("1-10", "", true, true))).containsExactly("testFrames");
    }

    private static SubmitTaskRequest request(String key, String frames, String camera, List<String> layers, String prefix) {
        return new SubmitTaskRequest(key, frames, null, null, null, camera, layers, null, null, prefix, null, null, null,
                null, null, null, null, null, null);
    }

    private static SubmitTaskRequest run(String frames, String testFrames, Boolean stopAfterTest, Boolean approveAfterTest) {
        return new SubmitTaskRequest(KEY, frames, null, null, null, null, null, null, null, null, null, null, null,
                testFrames, stopAfterTest, approveAfterTest, null, null, null);
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
