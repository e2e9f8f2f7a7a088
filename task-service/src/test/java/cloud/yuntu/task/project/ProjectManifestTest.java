package cloud.yuntu.task.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.SceneManifest;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import cloud.yuntu.task.scene.SceneAnalysisDouble;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A task's project files against the real broker and database: file-service (its stand-in, with
 * its rule) holds them for the task before it is created, the analysis is asked about the scene's
 * dependencies against them, and every job carries them, by content, for the agent to fetch.
 */
@QuarkusTest
class ProjectManifestTest extends FarmTest {

    private static final String WOOD = "1".repeat(64);
    private static final String RIG = "2".repeat(64);

    String tier;
    String user;

    @BeforeEach
    void isolatedPool() {
        tier = farm.isolatedTier();
        user = "projects-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void theAnalysisChecksDependenciesAgainstTheProjectAndEveryJobCarriesIt() {
        StoredObject scene = FileServiceStandIn.upload(user, "shot.ma");
        FileServiceStandIn.uploadAsset(user, WOOD, 1200);
        FileServiceStandIn.uploadAsset(user, RIG, 0);
        Map<String, Object> body = TaskApi.request(scene, "1-2", tier);
        body.put("assets", List.of(
                Map.of("path", "sourceimages\\wood.png", "sha256", WOOD, "size", 1200),
                Map.of("path", "../rigs/hero.ma", "sha256", RIG, "size", 0)));
        UUID id = api.submitQueued(user, body);

        assertThat(FileServiceStandIn.manifestOf(id)).as("held for the task, for its owner")
                .contains(new FileServiceStandIn.HeldManifest(user, Map.of(WOOD, 1200L, RIG, 0L)));

        assertThat(SceneAnalysisDouble.requests(scene.key())).singleElement()
                .satisfies(request -> assertThat(request.uploadedPaths())
                        .containsExactlyInAnyOrder("sourceimages/wood.png", "../rigs/hero.ma"));

        farm.heartbeat("agent-" + UUID.randomUUID(), tier, 2, List.of());
        List<FrameJob> jobs = farm.jobsSettled(id, tier, 2);
        assertThat(jobs).hasSize(2).allSatisfy(job -> {
            assertThat(job.scene().scene()).isEqualTo(scene);
            assertThat(job.scene().assets()).containsExactly(
                    new SceneManifest.Asset("../rigs/hero.ma", new StoredObject("assets/sha256/" + RIG, 0, RIG, null, null)),
                    new SceneManifest.Asset("sourceimages/wood.png",
                            new StoredObject("assets/sha256/" + WOOD, 1200, WOOD, null, null)));
        });
    }

    @Test
    void aTaskWithoutProjectFilesHasEveryDependencyCheckedAgainstNothing() {
        StoredObject scene = FileServiceStandIn.upload(user, "alone.ma");
        UUID id = api.submitQueued(user, TaskApi.request(scene, "1", tier));
        assertThat(FileServiceStandIn.manifestsAskedBy(user)).as("nothing to hold, nothing asked").isFalse();
        assertThat(SceneAnalysisDouble.requests(scene.key())).singleElement()
                .satisfies(request -> assertThat(request.uploadedPaths()).isEmpty());
        farm.heartbeat("agent-" + UUID.randomUUID(), tier, 1, List.of());
        assertThat(farm.jobsSettled(id, tier, 1)).singleElement()
                .satisfies(job -> assertThat(job.scene().assets()).isEmpty());
    }

    @Test
    void badProjectFilesAre422NamingEachAndNothingIsSubmitted() {
        StoredObject scene = FileServiceStandIn.upload(user, "bad.ma");
        Map<String, Object> body = TaskApi.request(scene, "1", tier);
        body.put("assets", List.of(
                Map.of("path", "C:/proj/sourceimages/wood.png", "sha256", WOOD, "size", 1),
                Map.of("path", "wood.png", "sha256", "not-a-digest", "size", -1)));
        api.as(user).contentType(ContentType.JSON).body(body).post("/api/tasks").then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("assets[0].path", "assets[1].sha256", "assets[1].size"));
        assertThat(farm.count("SELECT count(*) FROM task.task WHERE scene_key = ?", scene.key())).isZero();
        assertThat(FileServiceStandIn.manifestsAskedBy(user)).isFalse();
    }

    @Test
    void filesTheUserDidNotUploadWithThatSizeAre422ByTheirPlaceAndNothingIsCreated() {
        StoredObject scene = FileServiceStandIn.upload(user, "borrowed.ma");
        String someoneElses = "3".repeat(64);
        FileServiceStandIn.uploadAsset(user, WOOD, 1200);
        FileServiceStandIn.uploadAsset("someone-else", someoneElses, 50);
        Map<String, Object> body = TaskApi.request(scene, "1", tier);
        body.put("assets", List.of(
                Map.of("path", "sourceimages/wood.png", "sha256", WOOD, "size", 1200),
                Map.of("path", "sourceimages/theirs.png", "sha256", someoneElses, "size", 50),
                Map.of("path", "sourceimages/wood-copy.png", "sha256", WOOD, "size", 1201)));

        api.as(user).contentType(ContentType.JSON).body(body).post("/api/tasks").then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", contains("assets[1].sha256", "assets[2].sha256"))
                .body("errors[0].message", containsString("PUT /api/assets/" + someoneElses));

        assertThat(FileServiceStandIn.manifestsAskedBy(user)).isTrue();
        assertThat(farm.count("SELECT count(*) FROM task.task WHERE scene_key = ?", scene.key())).isZero();
        assertThat(SceneAnalysisDouble.requests(scene.key())).isEmpty();
    }

    @Test
    void aRetryOfAnEndedTaskHoldsItsFilesAgainBeforeItRendersAgain() {
        UUID id = completedWithADeadFrame(user);
        Instant submitted = FileServiceStandIn.retainsOf(id).getFirst();
        assertThat(submitted).as("the submission says when it held them").isNotNull();
        FileServiceStandIn.end(id, Instant.now());
        assertThat(FileServiceStandIn.manifestOf(id)).as("released at the end").isEmpty();

        api.command(user, id, "retry").statusCode(200).body("status", equalTo("RENDERING"));

        assertThat(FileServiceStandIn.manifestOf(id)).contains(new FileServiceStandIn.HeldManifest(user,
                Map.of(WOOD, 1200L, RIG, 0L)));
        assertThat(FileServiceStandIn.retainsOf(id)).hasSize(2)
                .last().satisfies(retried -> assertThat(retried).isAfter(submitted));
        // Rendered again, the task ends again and lets go of them.
        String agent = "agent-" + UUID.randomUUID();
        farm.heartbeat(agent, tier, 2, List.of());
        List<FrameJob> jobs = farm.jobsSettled(id, tier, 3);
        farm.render(agent, jobs.get(2), 1.0);
        api.awaitStatus(user, id, "COMPLETED");
        FileServiceStandIn.end(id, Instant.now());
        assertThat(FileServiceStandIn.manifestOf(id)).isEmpty();
    }

    @Test
    void aRetryWhoseFilesTheOwnerNoLongerHasIs422NamingThemAndChangesNothing() {
        UUID id = completedWithADeadFrame(user);
        FileServiceStandIn.end(id, Instant.now());
        FileServiceStandIn.sweepAsset(user, RIG);

        api.command(user, id, "retry").statusCode(422)
                .contentType("application/problem+json")
                // The task's files in path order: ../rigs/hero.ma, sourceimages/wood.png.
                .body("errors.field", contains("assets[0].sha256"))
                .body("errors[0].message", containsString("PUT /api/assets/" + RIG));

        assertThat(api.get(user, id).getString("status")).isEqualTo("COMPLETED");
        assertThat(api.frameStatuses(user, id)).containsExactlyInAnyOrder("DEAD", "SUCCEEDED");
        assertThat(FileServiceStandIn.manifestOf(id)).isEmpty();
    }

    @Test
    void whenFileServiceCannotHoldTheFilesOfARetryItIs503AndNothingChanges() {
        for (int failure : new int[] {503, 0}) {
            String owner = user + "-retry-" + failure;
            UUID id = completedWithADeadFrame(owner);
            FileServiceStandIn.end(id, Instant.now());
            FileServiceStandIn.failManifestsOf(owner, failure);

            api.command(owner, id, "retry").statusCode(503)
                    .contentType("application/problem+json")
                    .body("status", equalTo(503));

            assertThat(api.get(owner, id).getString("status")).as("failure " + failure).isEqualTo("COMPLETED");
            assertThat(api.frameStatuses(owner, id)).as("failure " + failure)
                    .containsExactlyInAnyOrder("DEAD", "SUCCEEDED");
            assertThat(FileServiceStandIn.retainsOf(id)).as("asked again").hasSize(2);
        }
    }

    /** A task of {@code owner} with WOOD and RIG as its project files, completed with one of its two frames dead. */
    private UUID completedWithADeadFrame(String owner) {
        StoredObject scene = FileServiceStandIn.upload(owner, "retry.ma");
        FileServiceStandIn.uploadAsset(owner, WOOD, 1200);
        FileServiceStandIn.uploadAsset(owner, RIG, 0);
        Map<String, Object> body = TaskApi.request(scene, "1-2", tier);
        body.put("assets", List.of(
                Map.of("path", "sourceimages/wood.png", "sha256", WOOD, "size", 1200),
                Map.of("path", "../rigs/hero.ma", "sha256", RIG, "size", 0)));
        UUID id = api.submitQueued(owner, body);
        String agent = "agent-" + UUID.randomUUID();
        farm.heartbeat(agent, tier, 2, List.of());
        List<FrameJob> jobs = farm.jobsSettled(id, tier, 2);
        farm.fail(agent, jobs.get(0), "unknown node type aiFoo", false);
        farm.render(agent, jobs.get(1), 1.0);
        api.awaitStatus(owner, id, "COMPLETED");
        return id;
    }

    @Test
    void whenFileServiceCannotHoldTheFilesTheSubmissionIs503AndNothingIsCreated() {
        for (int failure : new int[] {500, 503, 0}) {
            String owner = user + "-" + failure;
            StoredObject scene = FileServiceStandIn.upload(owner, "later.ma");
            FileServiceStandIn.uploadAsset(owner, WOOD, 1200);
            FileServiceStandIn.failManifestsOf(owner, failure);
            Map<String, Object> body = TaskApi.request(scene, "1", tier);
            body.put("assets", List.of(Map.of("path", "sourceimages/wood.png", "sha256", WOOD, "size", 1200)));

            api.as(owner).contentType(ContentType.JSON).body(body).post("/api/tasks").then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body("status", equalTo(503));

            assertThat(FileServiceStandIn.manifestsAskedBy(owner)).as("failure " + failure).isTrue();
            assertThat(farm.count("SELECT count(*) FROM task.task WHERE scene_key = ?", scene.key()))
                    .as("failure " + failure).isZero();
        }
    }
}
