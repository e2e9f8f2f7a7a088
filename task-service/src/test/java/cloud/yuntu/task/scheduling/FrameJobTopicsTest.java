package cloud.yuntu.task.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.agent.Agents;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * Agents subscribe to their lanes' job topics before any job exists and may not create them; a
 * topic the broker auto-created would get its default partition count and split a task's frames
 * between a few agents. task-service makes every lane's topic, with one partition: at start for
 * the lanes the registry knows, and on the heartbeat that shows a new one.
 */
@QuarkusTest
class FrameJobTopicsTest extends FarmTest {

    @Inject
    FrameJobTopics topics;

    @Inject
    Pool pool;

    @Inject
    Agents agents;

    @Test
    void theLanesOfAgentsInTheRegistryAreMadeWithOnePartition() throws Exception {
        try (Admin admin = broker.admin()) {
            String defaultPartitions = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
                    .all().get(10, TimeUnit.SECONDS).values().iterator().next().get("num.partitions").value();
            assertThat(defaultPartitions).as("the broker's default, which auto-created topics would get").isEqualTo("3");
        }
        // An agent the registry knew before this start: what the start makes topics for.
        String lanePool = "p" + UUID.randomUUID().toString().substring(0, 8);
        farm.sql("""
                INSERT INTO task.agent (id, host, pools, cores, ram_bytes, slots_total, slots_free, running_frames, state,
                    heartbeat_at, renderers)
                VALUES (?, 'old-host', ARRAY[?], 8, 1, 1, 1, '{}', 'STOPPED', now() - interval '1 day',
                    '[{"renderer":"arnold","version":"7.3"},{"renderer":"mayaSoftware","version":"2025"}]'::jsonb)""",
                "agent-" + UUID.randomUUID(), lanePool);

        topics.ensureKnownLanes(pool, agents);

        assertOnePartition(Topics.frameJobs(lanePool, "arnold"), Topics.frameJobs(lanePool, "mayaSoftware"));
    }

    @Test
    void aHeartbeatWithANewLaneMakesItsTopic() throws Exception {
        String lanePool = "p" + UUID.randomUUID().toString().substring(0, 8);
        String agent = "agent-" + UUID.randomUUID();
        farm.heartbeat(agent, lanePool, 1, List.of(), List.of("vray", "redshift"));

        // the topics are made before the heartbeat is recorded
        await().atMost(Duration.ofSeconds(30)).until(() -> farm.count("SELECT count(*) FROM task.agent WHERE id = ?", agent) == 1);
        assertOnePartition(Topics.frameJobs(lanePool, "vray"), Topics.frameJobs(lanePool, "redshift"));
        try (Admin admin = broker.admin()) {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            assertThat(names).as("no lane for a renderer the agent does not have")
                    .doesNotContain(Topics.frameJobs(lanePool, "arnold"));
        }
    }

    private void assertOnePartition(String... lanes) throws Exception {
        try (Admin admin = broker.admin()) {
            Map<String, TopicDescription> found = admin.describeTopics(List.of(lanes)).allTopicNames().get(10, TimeUnit.SECONDS);
            assertThat(found).containsOnlyKeys(lanes);
            assertThat(found.values()).allSatisfy(t -> assertThat(t.partitions()).as(t.name()).hasSize(1));
        }
    }
}
