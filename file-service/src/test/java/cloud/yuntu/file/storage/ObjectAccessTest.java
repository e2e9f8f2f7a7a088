package cloud.yuntu.file.storage;

import static cloud.yuntu.file.Identities.asAdmin;
import static cloud.yuntu.file.Identities.asAgent;
import static cloud.yuntu.file.Identities.asService;
import static cloud.yuntu.file.Identities.asUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.file.FarmUrls;
import cloud.yuntu.file.IndependentDigest;
import cloud.yuntu.file.Scenes;
import cloud.yuntu.file.TaskEvents;
import cloud.yuntu.testsupport.InjectKafkaBroker;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An object's description, its existence (HEAD) and its deletion: for its owner, operators and services;
 * for everyone else it does not exist.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class ObjectAccessTest {

    private static final String OBJECTS = "/api/files/objects";
    private static final byte[] SCENE = {1, 2, 3};

    @InjectKafkaBroker
    KafkaBroker broker;

    @Test
    void theOwnerOperatorsAndServicesSeeAnUploadedScene() {
        String key = Scenes.upload("alice", "shot.ma", new byte[] {1, 2, 3});
        for (RequestSpecification caller : new RequestSpecification[] {asUser("alice"), asAdmin(), asService()}) {
            caller.queryParam("key", key).get("/api/files/objects")
                    .then().statusCode(200).body("key", equalTo(key), "size", equalTo(3), "owner", equalTo("alice"));
        }
    }

    @Test
    void anotherUserOrAnAgentGetsTheAnswerOfAMissingObject() {
        String key = Scenes.upload("alice", "shot.ma", new byte[] {1, 2, 3});
        String missing = key.replace("shot.ma", "gone.ma");
        String absent = asUser("bob").queryParam("key", missing).get("/api/files/objects")
                .then().statusCode(404).contentType("application/problem+json").extract().path("detail");

        for (RequestSpecification caller : new RequestSpecification[] {asUser("bob"), asAgent("agent-1"),
                asUser("bob").header("X-Yuntu-User", "alice")}) {
            String detail = caller.queryParam("key", key).get("/api/files/objects")
                    .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404))
                    .extract().path("detail");
            assertThat(detail).isEqualTo(absent.replace("gone.ma", "shot.ma"));
        }
    }

    @Test
    void headAnswersTheSizeAndDigestOfAnObjectTheCallerMaySee() {
        String key = Scenes.upload("alice", "shot.ma", SCENE);
        String digest = "sha-256=:" + Base64.getEncoder().encodeToString(
                HexFormat.of().parseHex(IndependentDigest.of(SCENE).sha256())) + ":";
        for (RequestSpecification caller : new RequestSpecification[] {asUser("alice"), asAdmin(), asService()}) {
            byte[] body = caller.queryParam("key", key).head(OBJECTS).then().statusCode(200)
                    .header("Content-Length", "3").header("Repr-Digest", digest).extract().asByteArray();
            assertThat(body).isEmpty();
        }
        for (RequestSpecification caller : new RequestSpecification[] {asUser("bob"), asAgent("agent-1")}) {
            caller.queryParam("key", key).head(OBJECTS).then().statusCode(404).header("Repr-Digest", nullValue());
        }
        asUser("alice").queryParam("key", key.replace("shot.ma", "gone.ma")).head(OBJECTS).then().statusCode(404);
        RestAssured.given().queryParam("key", key).head(OBJECTS).then().statusCode(401);
    }

    @Test
    void theOwnerDeletesTheirSceneOnceAndItsBytesAreGone() {
        String user = "dora-" + UUID.randomUUID();
        String key = Scenes.upload(user, "shot.ma", SCENE);
        String download = asUser(user).contentType(ContentType.JSON).body(Map.of("key", key, "method", "GET"))
                .post("/api/files/presign").then().statusCode(200).extract().path("url");

        asUser(user).queryParam("key", key).delete(OBJECTS).then().statusCode(204);

        asUser(user).queryParam("key", key).get(OBJECTS).then().statusCode(404);
        asUser(user).queryParam("key", key).head(OBJECTS).then().statusCode(404);
        asAdmin().queryParam("key", key).get(OBJECTS).then().statusCode(404);
        // A URL handed out before finds no bytes: the store no longer holds them.
        FarmUrls.presigned().get(FarmUrls.reachable(download)).then().statusCode(404);
        asUser(user).queryParam("key", key).delete(OBJECTS).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void anotherUsersObjectIsNotFoundAgentsMayNotDeleteAndOperatorsDeleteAny() {
        String owner = "erin-" + UUID.randomUUID();
        String key = Scenes.upload(owner, "shot.ma", SCENE);
        String absent = asUser("bob").queryParam("key", key.replace("shot.ma", "gone.ma")).delete(OBJECTS)
                .then().statusCode(404).extract().path("detail");

        String foreign = asUser("bob").queryParam("key", key).delete(OBJECTS)
                .then().statusCode(404).contentType("application/problem+json").extract().path("detail");
        assertThat(foreign).isEqualTo(absent.replace("gone.ma", "shot.ma"));
        asAgent("agent-1").queryParam("key", key).delete(OBJECTS).then().statusCode(403)
                .contentType("application/problem+json");
        RestAssured.given().queryParam("key", key).delete(OBJECTS).then().statusCode(401);
        asUser(owner).queryParam("key", key).get(OBJECTS).then().statusCode(200).body("size", equalTo(3));

        asAdmin().queryParam("key", key).delete(OBJECTS).then().statusCode(204);
        asUser(owner).queryParam("key", key).get(OBJECTS).then().statusCode(404);
    }

    @Test
    void keysThatAreNotObjectsOrAreSharedAssetsAre422() {
        for (String key : new String[] {"a/b.png", "scenes/20261203", "../etc/passwd", "assets/sha256/" + "ab".repeat(32)}) {
            asAdmin().queryParam("key", key).delete(OBJECTS).then().statusCode(422)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("key"));
        }
        asAdmin().delete(OBJECTS).then().statusCode(422).body("errors[0].field", equalTo("key"));
    }

    @Test
    void aSceneIsKeptWhileATaskOfItsOwnerHasNotEnded() throws Exception {
        String user = "frank-" + UUID.randomUUID();
        String key = Scenes.upload(user, "shot.ma", SCENE);
        UUID task = UUID.randomUUID();
        try (TaskEvents events = new TaskEvents(broker)) {
            events.status(task, user, TaskStatus.SUBMITTED, TaskStatus.QUEUED);
            events.awaitHandled();

            asUser(user).queryParam("key", key).delete(OBJECTS).then().statusCode(409)
                    .contentType("application/problem+json").body("type", endsWith("/object-in-use"),
                            "errors[0].field", equalTo("key"));
            asAdmin().queryParam("key", key).delete(OBJECTS).then().statusCode(409);
            asUser(user).queryParam("key", key).get(OBJECTS).then().statusCode(200);

            events.status(task, user, TaskStatus.RENDERING, TaskStatus.CANCELLED);
            events.awaitHandled();
            asUser(user).queryParam("key", key).delete(OBJECTS).then().statusCode(204);
        }
    }
}
