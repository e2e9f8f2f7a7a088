package cloud.yuntu.task.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.testsupport.InjectKafkaBroker;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * Agents subscribe to their pool's job topic before any job exists and may not create it; a
 * topic the broker auto-created would get its default partition count and split a task's frames
 * between a few agents. task-service makes every pool's topic at start, with one partition.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(FileServiceStandIn.class)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class FrameJobTopicsTest {

    @InjectKafkaBroker
    KafkaBroker broker;

    @Test
    void everyPoolsJobTopicExistsAtStartWithOnePartition() throws Exception {
        try (Admin admin = broker.admin()) {
            String defaultPartitions = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
                    .all().get(10, TimeUnit.SECONDS).values().iterator().next().get("num.partitions").value();
            assertThat(defaultPartitions).as("the broker's default, which auto-created topics would get").isEqualTo("3");

            Map<String, TopicDescription> topics = admin.describeTopics(List.of(Topics.frameJobs("cpu"),
                    Topics.frameJobs("gpu"))).allTopicNames().get(10, TimeUnit.SECONDS);
            assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).as(t.name()).hasSize(1));
        }
    }
}
