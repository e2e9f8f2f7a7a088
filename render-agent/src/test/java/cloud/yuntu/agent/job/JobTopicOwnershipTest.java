package cloud.yuntu.agent.job;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.agent.transfer.StandInFileServiceResource;
import cloud.yuntu.contracts.Topics;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.testsupport.InjectKafkaBroker;
import cloud.yuntu.testsupport.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * An agent serving a pool nobody has submitted to yet waits for the pool's lane topics; it must not
 * have the broker auto-create them, which would give them the broker's default partition count
 * instead of the single partition task-service creates.
 */
@QuarkusTest
@TestProfile(JobTopicOwnershipTest.SparePool.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(StandInFileServiceResource.class)
class JobTopicOwnershipTest {

    private static final String SPARE = "spare";

    public static class SparePool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("yuntu.agent.pools", "cpu," + SPARE);
        }
    }

    @InjectKafkaBroker
    KafkaBroker broker;

    @Test
    void theAgentDoesNotCreateALaneTopicBySubscribingToIt() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        // The intake has subscribed and polled for a while: long enough for an auto-creation to happen.
        Thread.sleep(5_000);

        try (Admin admin = broker.admin()) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .doesNotContain(Topics.frameJobs(SPARE, "simulate"))
                    .noneMatch(topic -> topic.startsWith(Topics.FRAME_JOBS_PREFIX + SPARE));
        }
    }
}
