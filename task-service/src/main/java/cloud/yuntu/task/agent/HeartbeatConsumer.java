package cloud.yuntu.task.agent;

import cloud.yuntu.contracts.agent.AgentHeartbeat;
import cloud.yuntu.task.scheduling.FrameJobTopics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the agent registry from {@code farm.agent-heartbeats}. A heartbeat is a state, not a
 * delta, so applying one twice is harmless; the newest one wins. The job topics of the lanes it
 * reports are made before it is recorded: the dispatcher releases into a lane only once the
 * registry shows an agent for it, so no job is produced to a lane before its topic exists.
 */
@ApplicationScoped
public class HeartbeatConsumer {

    private static final Logger LOG = Logger.getLogger(HeartbeatConsumer.class);

    private final Pool pool;
    private final Agents agents;
    private final FrameJobTopics topics;

    public HeartbeatConsumer(Pool pool, Agents agents, FrameJobTopics topics) {
        this.pool = pool;
        this.agents = agents;
        this.topics = topics;
    }

    @Incoming("agent-heartbeats")
    public Uni<Void> consume(ConsumerRecord<String, AgentHeartbeat> record) {
        AgentHeartbeat heartbeat = record.value();
        Uni<Void> apply;
        if (heartbeat == null) {
            // An unreadable value reaches us as null too; only a real tombstone removes the agent.
            if (record.key() == null || record.headers().lastHeader(DeserializationFailureHandler.DESERIALIZATION_FAILURE_REASON) != null) {
                LOG.warnf("Skipping an unreadable heartbeat at offset %d", record.offset());
                return Uni.createFrom().voidItem();
            }
            apply = agents.forget(pool, record.key());
        } else {
            // A broker that cannot make the topic now does not hold up the registry: the outbox relay
            // makes sure of the topic again before it sends the lane's first job.
            apply = topics.ensureLanesLater(lanesOf(heartbeat))
                    .onFailure().recoverWithItem(e -> {
                        LOG.warnf("Job topics of %s's lanes not made yet: %s", heartbeat.agentId(), e.getMessage());
                        return null;
                    })
                    .chain(() -> agents.record(pool, heartbeat));
        }
        // The database being away must not lose the heartbeat nor stop the channel: retry until it answers.
        return apply.onFailure().invoke(e -> LOG.warnf("Heartbeat of %s not applied yet: %s", record.key(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }

    /** Every (pool, renderer) the agent serves. */
    static List<Lane> lanesOf(AgentHeartbeat heartbeat) {
        List<Lane> lanes = new ArrayList<>();
        for (String pool : heartbeat.pools()) {
            for (AgentHeartbeat.RendererVersion renderer : heartbeat.renderers()) {
                lanes.add(new Lane(pool, renderer.renderer()));
            }
        }
        return lanes;
    }
}
