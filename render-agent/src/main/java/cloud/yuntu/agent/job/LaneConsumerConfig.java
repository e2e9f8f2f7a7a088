package cloud.yuntu.agent.job;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The client settings of the share consumer one lane's intake reads its jobs with. Public so that a load
 * harness simulating many agents in one JVM joins the lane's share group exactly as an agent does.
 */
public final class LaneConsumerConfig {

    private LaneConsumerConfig() {
    }

    /**
     * @param group the lane's share group ({@code Topics.renderAgentsGroup})
     * @param maxRecords a poll hands out at most this many jobs: 1 for the agent, whose consumers hold one job each
     * @param metadataMaxAge how soon the consumer sees a lane topic created after it subscribed
     */
    public static Map<String, Object> of(String bootstrapServers, String agentId, String pool, String renderer, String group,
            int maxRecords, Duration metadataMaxAge) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "render-agent-" + agentId + "-" + pool + "." + renderer + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        config.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        config.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxRecords);
        // The job topic is task-service's to create, with one partition; one auto-created by a subscribing
        // agent would get the broker's default count and split a task's frames between few agents.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // Lanes appear while the agent runs (task-service makes one when it first sees a renderer); the
        // consumer notices a subscribed topic that came into being only when it refreshes its metadata.
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) metadataMaxAge.toMillis());
        return config;
    }
}
