package cloud.yuntu.task.agent;

import cloud.yuntu.contracts.agent.AgentHeartbeat;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the agent registry from {@code farm.agent-heartbeats}. A heartbeat is a state, not a
 * delta, so applying one twice is harmless; the newest one wins.
 */
@ApplicationScoped
public class HeartbeatConsumer {

    private static final Logger LOG = Logger.getLogger(HeartbeatConsumer.class);

    private final Pool pool;
    private final Agents agents;

    public HeartbeatConsumer(Pool pool, Agents agents) {
        this.pool = pool;
        this.agents = agents;
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
            apply = agents.record(pool, heartbeat);
        }
        // The database being away must not lose the heartbeat nor stop the channel: retry until it answers.
        return apply.onFailure().invoke(e -> LOG.warnf("Heartbeat of %s not applied yet: %s", record.key(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }
}
