package cloud.yuntu.task.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /api/tiers} and the tier choice on the tiers in the database. */
@QuarkusTest
class TierResourceTest extends FarmTest {

    @Inject
    TierChoice choice;

    @Test
    void everyCallerReadsTheSeededTiersCheapestFirst() {
        JsonPath tiers = user().get("/api/tiers").then().statusCode(200).extract().jsonPath();
        List<String> names = tiers.getList("name", String.class);
        assertThat(names).containsSubsequence("basic", "standard", "high");
        assertThat(tiers.getMap("find { it.name == 'basic' }")).containsEntry("cores", 8).containsEntry("ramGb", 16)
                .containsEntry("gpus", 0).containsEntry("currency", "CNY").containsEntry("pool", "basic")
                .doesNotContainKey("gpuModel");
        assertThat(tiers.getMap("find { it.name == 'standard' }")).containsEntry("cores", 16).containsEntry("ramGb", 32);
        assertThat(tiers.getMap("find { it.name == 'high' }")).containsEntry("cores", 24).containsEntry("ramGb", 64)
                .containsEntry("gpus", 2).containsEntry("gpuModel", "NVIDIA RTX A6000").containsEntry("gpuMemoryGb", 48);
        assertThat(tiers.getDouble("find { it.name == 'high' }.pricePerHour")).isEqualTo(2.5);
        assertThat(tiers.getDouble("find { it.name == 'basic' }.pricePerHour")).isEqualTo(0.5);
        assertThat(tiers.getList("name", String.class)).doesNotContain("cpu", "gpu");

        RestAssured.given().get("/api/tiers").then().statusCode(401);
    }

    @Test
    void adminsCreateAndReplaceTiersUsersCannot() {
        String name = "render-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = Map.of("cores", 32, "ramGb", 48, "gpus", 1, "gpuModel", "NVIDIA L40S",
                "gpuMemoryGb", 48, "pricePerHour", 400.25, "currency", "CNY");

        user().contentType(ContentType.JSON).body(body).put("/api/tiers/" + name).then().statusCode(403);
        assertThat(names()).doesNotContain(name);

        JsonPath created = admin().contentType(ContentType.JSON).body(body).put("/api/tiers/" + name)
                .then().statusCode(201).extract().jsonPath();
        assertThat(created.getString("name")).isEqualTo(name);
        assertThat(created.getString("pool")).as("the pool is the tier's name unless given").isEqualTo(name);
        assertThat(created.getString("gpuModel")).isEqualTo("NVIDIA L40S");

        Map<String, Object> cpuOnly = Map.of("cores", 64, "ramGb", 64, "pricePerHour", 401, "currency", "CNY",
                "pool", "shared-" + name);
        admin().contentType(ContentType.JSON).body(cpuOnly).put("/api/tiers/" + name).then().statusCode(200);
        Map<String, Object> replaced = user().get("/api/tiers").then().statusCode(200).extract().jsonPath()
                .getMap("find { it.name == '" + name + "' }");
        assertThat(replaced).containsEntry("cores", 64).containsEntry("gpus", 0).containsEntry("pool", "shared-" + name)
                .doesNotContainKey("gpuModel").doesNotContainKey("gpuMemoryGb");

        admin().delete("/api/tiers/" + name).then().statusCode(204);
        assertThat(names()).doesNotContain(name);
        admin().delete("/api/tiers/" + name).then().statusCode(404);
        user().delete("/api/tiers/basic").then().statusCode(403);
        assertThat(names()).contains("basic");
    }

    @Test
    void aBadTierIsRefusedNamingEachField() {
        Map<String, Object> body = Map.of("cores", 0, "ramGb", 16, "gpus", 1, "pricePerHour", -1, "currency", "cny");
        JsonPath problem = admin().contentType(ContentType.JSON).body(body).put("/api/tiers/Not.A.Pool")
                .then().statusCode(422).contentType("application/problem+json").extract().jsonPath();
        assertThat(problem.getList("errors.field", String.class))
                .containsExactly("name", "cores", "gpuModel", "gpuMemoryGb", "pricePerHour", "currency");
        assertThat(names()).doesNotContain("Not.A.Pool");
    }

    @Test
    void aTierTasksRenderOnCannotBeDeletedUntilTheyAreDone() {
        String tier = farm.isolatedTier();
        UUID taskId = api.submitQueued(TaskApi.request(FileServiceStandIn.upload("busy.ma"), "1", tier));

        JsonPath conflict = admin().delete("/api/tiers/" + tier).then().statusCode(409).extract().jsonPath();
        assertThat(conflict.getString("detail")).contains("1 task(s)");
        assertThat(names()).contains(tier);

        api.as(TaskApi.DEFAULT_USER).post("/api/tasks/" + taskId + "/cancel").then().statusCode(200);
        admin().delete("/api/tiers/" + tier).then().statusCode(204);
        assertThat(api.get(taskId).getString("tier")).as("a task keeps the tier it rendered on").isEqualTo(tier);
    }

    @Test
    void theChoiceAppliesTheMatchingRuleToTheTiersInTheDatabase() {
        Resolution hd = new Resolution(1920, 1080);
        assertThat(choose(new TierRequest(null, new Requirements(20, null, null), Set.of("arnold"), hd)).name())
                .isEqualTo("standard");
        ChosenTier gpu = choose(new TierRequest(null, null, Set.of("redshift"), hd));
        assertThat(gpu.name()).isEqualTo("high");
        assertThat(gpu.pool()).isEqualTo("high");
        assertThat(gpu.pricePerHour()).isEqualByComparingTo("2.5");
        assertThat(gpu.currency()).isEqualTo("CNY");

        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> choose(new TierRequest("basic", null, Set.of("redshift"), hd)));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.problem().errors()).singleElement().satisfies(e -> assertThat(e.field()).isEqualTo("tier"));
        refused = catchThrowableOfType(ProblemException.class,
                () -> choose(new TierRequest(null, new Requirements(null, null, 4096), Set.of("arnold"), hd)));
        assertThat(refused.problem().errors()).singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("requirements.gpuMemoryGb"));
    }

    private ChosenTier choose(TierRequest request) {
        return choice.choose(request).await().atMost(Duration.ofSeconds(30));
    }

    private List<String> names() {
        return user().get("/api/tiers").then().statusCode(200).extract().jsonPath().getList("name", String.class);
    }

    private RequestSpecification user() {
        return RestAssured.given().auth().oauth2(tokens.user("artist-3"));
    }

    private RequestSpecification admin() {
        return RestAssured.given().auth().oauth2(tokens.admin("operator-1"));
    }
}
