package cloud.yuntu.task.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code PATCH /api/tasks/{id}}: a new priority orders everything not yet released, at once. */
@QuarkusTest
class TaskPriorityTest extends FarmTest {

    String tier;
    String user;

    @BeforeEach
    void isolatedPool() {
        tier = farm.isolatedTier();
        user = "prio-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aRaisedPriorityOvertakesAnOlderTaskBeforeItsFramesAreReleased() {
        StoredObject scene = FileServiceStandIn.upload(user, "shot.ma");
        UUID older = api.submitQueued(user, TaskApi.request(scene, "1-3", tier));
        UUID newer = api.submitQueued(user, TaskApi.request(scene, "1-3", tier));

        api.as(user).contentType(ContentType.JSON).body(Map.of("priority", 90)).patch("/api/tasks/" + newer)
                .then().statusCode(200).body("priority", equalTo(90)).body("status", equalTo("QUEUED"));

        // One free slot in the pool: the first job released is the newer task's, though it came later.
        farm.heartbeat("agent-" + tier, tier, 1, List.of());
        List<FrameJob> jobs = farm.settled(Topics.frameJobs(tier, "simulate"), FrameJob.class,
                r -> r.value().taskId().equals(older) || r.value().taskId().equals(newer), 1, Duration.ofSeconds(1));
        assertThat(jobs).isNotEmpty();
        assertThat(jobs.getFirst().taskId()).isEqualTo(newer);
        api.as(user).get("/api/tasks").then().statusCode(200).body("items.id", hasItem(older.toString()));
    }

    @Test
    void aPriorityOutsideZeroToHundredOrMissingIsRefusedNamingTheFieldAndNothingChanges() {
        StoredObject scene = FileServiceStandIn.upload(user, "shot.ma");
        UUID id = api.submitQueued(user, TaskApi.request(scene, "1", tier));

        for (Object bad : List.of(101, -1)) {
            api.as(user).contentType(ContentType.JSON).body(Map.of("priority", bad)).patch("/api/tasks/" + id)
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("priority"));
        }
        api.as(user).contentType(ContentType.JSON).body(Map.of()).patch("/api/tasks/" + id)
                .then().statusCode(422).body("errors[0].field", equalTo("priority"));
        api.as(user).get("/api/tasks/" + id).then().statusCode(200).body("priority", equalTo(50));
    }

    @Test
    void anotherUsersTaskIsNotFoundAndAnEndedTaskIsAConflict() {
        StoredObject scene = FileServiceStandIn.upload(user, "shot.ma");
        UUID id = api.submitQueued(user, TaskApi.request(scene, "1", tier));

        api.as("someone-else").contentType(ContentType.JSON).body(Map.of("priority", 99)).patch("/api/tasks/" + id)
                .then().statusCode(404);
        api.as(user).post("/api/tasks/" + id + "/cancel").then().statusCode(200);
        api.as(user).contentType(ContentType.JSON).body(Map.of("priority", 99)).patch("/api/tasks/" + id)
                .then().statusCode(409).contentType("application/problem+json");
        api.as(user).get("/api/tasks/" + id).then().statusCode(200).body("priority", equalTo(50));
    }
}
