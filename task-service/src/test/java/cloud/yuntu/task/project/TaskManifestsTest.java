package cloud.yuntu.task.project;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.frame.SceneManifest;
import cloud.yuntu.contracts.problem.Problem;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.platform.problem.ProblemException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How file-service's refusal to hold a task's files becomes the submission's answer. */
class TaskManifestsTest {

    private static final String WOOD = "1".repeat(64);
    private static final String RIG = "2".repeat(64);
    private static final List<SceneManifest.Asset> ASSETS = List.of(
            SceneManifest.Asset.of("sourceimages/wood.png", WOOD, 1200),
            SceneManifest.Asset.of("../rigs/hero.ma", RIG, 0));

    @Test
    void filesTheOwnerDidNotUploadAre422ByTheirPlaceInTheSubmission() {
        ProblemException answer = TaskManifests.refusal(422, problem(422, new FieldError("assets[1].sha256", "not uploaded")),
                ASSETS);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.problem().errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("assets[1].sha256");
            assertThat(error.message()).contains("size 0", "PUT /api/assets/" + RIG);
        });
    }

    @Test
    void anyOtherRefusalMeansFileServiceCannotHoldThemNow() {
        assertThat(TaskManifests.refusal(500, null, ASSETS).status()).isEqualTo(503);
        assertThat(TaskManifests.refusal(503, problem(503), ASSETS).status()).isEqualTo(503);
        // task-service's own credential refused, or a conflict on a fresh task id: nothing the user can fix.
        assertThat(TaskManifests.refusal(403, problem(403), ASSETS).status()).isEqualTo(503);
        assertThat(TaskManifests.refusal(409, problem(409), ASSETS).status()).isEqualTo(503);
        // A 422 about anything but the listed files is not the user's fault either.
        assertThat(TaskManifests.refusal(422, problem(422, new FieldError("owner", "is required")), ASSETS).status())
                .isEqualTo(503);
        assertThat(TaskManifests.refusal(422, problem(422, new FieldError("assets[2].sha256", "not uploaded")), ASSETS)
                .status()).isEqualTo(503);
        assertThat(TaskManifests.refusal(422, null, ASSETS).status()).isEqualTo(503);
    }

    private static Problem problem(int status, FieldError... errors) {
        return new Problem(URI.create("https://yuntu.cloud/problems/x"), "x", status, "x", List.of(errors));
    }
}
