package cloud.yuntu.file.storage;

import static cloud.yuntu.file.Identities.asAdmin;
import static cloud.yuntu.file.Identities.asAgent;
import static cloud.yuntu.file.Identities.asService;
import static cloud.yuntu.file.Identities.asUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cloud.yuntu.file.Scenes;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** An object's description: for its owner, operators and services; for everyone else it does not exist. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class ObjectAccessTest {

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
}
