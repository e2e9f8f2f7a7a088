package cloud.yuntu.task.agent;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentCommand;
import cloud.yuntu.contracts.agent.AgentHeartbeat;
import cloud.yuntu.task.TaskConfig;
import cloud.yuntu.task.outbox.Outbox;
import cloud.yuntu.task.signal.Signals;
import cloud.yuntu.task.scheduling.FrameJobTopics;
import cloud.yuntu.platform.deadletter.DeadLetters;
import cloud.yuntu.platform.deadletter.Poison;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the agent registry from {@code farm.agent-heartbeats}. A heartbeat is a state, not a
 * delta, so applying one twice is harmless; the newest one wins. The job topics of the lanes it
 * reports are made before it is recorded: the dispatcher releases into a lane only once the
 * registry shows an agent for it, so no job is produced to a lane before its topic exists.
 * A heartbeat that disagrees with what operators want of the agent (it missed a DRAIN or RESUME
 * while it was down: its command consumer starts at the latest offset) gets the command again,
 * through the outbox in the same transaction.
 */
@ApplicationScoped
public class HeartbeatConsumer {

    private static final Logger LOG = Logger.getLogger(HeartbeatConsumer.class);

    private final DeadLetters deadLetters;
    private final Pool pool;
    private final Agents agents;
    private final FrameJobTopics topics;
    private final Outbox outbox;

    private final Signals signals;
    private final TaskConfig config;

    public HeartbeatConsumer(Pool pool, Agents agents, FrameJobTopics topics, Outbox outbox, DeadLetters deadLetters,
            Signals signals, TaskConfig config) {
        this.signals = signals;
        this.config = config;
        this.deadLetters = deadLetters;
        this.pool = pool;
        this.agents = agents;
        this.topics = topics;
        this.outbox = outbox;
    }

    /**
     * A poll's heartbeats in one transaction and one round trip ({@link Agents#recordAll}): a thousand agents beating
     * every few seconds are a few hundred heartbeats a second. A poll with a tombstone in it, or one that fails (the
     * database away, a heartbeat it refuses), goes one by one: in order, each waited for or made a dead letter on its own.
     */
    @Incoming("agent-heartbeats")
    public Uni<Void> consume(ConsumerRecords<String, AgentHeartbeat> records) {
        List<ConsumerRecord<String, AgentHeartbeat>> all = new ArrayList<>(records.count());
        records.forEach(all::add);
        List<AgentHeartbeat> heartbeats = all.stream().map(ConsumerRecord::value).filter(Objects::nonNull).toList();
        if (heartbeats.size() <= 1 || heartbeats.size() < all.size()) {
            return oneByOne(all);
        }
        List<Lane> lanes = heartbeats.stream().flatMap(hb -> lanesOf(hb).stream()).distinct().toList();
        return laneTopics(lanes, "the agents'")
                .chain(() -> pool.withTransaction(sql -> agents.recordAll(sql, heartbeats, config.agent().heartbeatTimeout())
                        .chain(found -> {
                            boolean moreRoom = false;
                            for (int i = 0; i < heartbeats.size(); i++) {
                                moreRoom |= roomFor(heartbeats.get(i), found.get(i));
                            }
                            boolean signal = moreRoom;
                            // Concatenated as a stream, not as hundreds of nested chains (each would deepen the stack).
                            return Multi.createFrom().range(0, heartbeats.size()).onItem()
                                    .transformToUniAndConcatenate(i -> correct(sql, heartbeats.get(i),
                                            found.get(i).map(Agents.Recorded::desired)))
                                    .collect().last()
                                    .chain(() -> signal ? signals.dispatchSoon(sql) : Uni.createFrom().voidItem());
                        })))
                .onFailure().recoverWithUni(e -> {
                    LOG.debugf("A batch of %d heartbeats not applied at once (%s): one by one", all.size(), e);
                    return oneByOne(all);
                });
    }

    private Uni<Void> oneByOne(List<ConsumerRecord<String, AgentHeartbeat>> records) {
        return Multi.createFrom().iterable(records).onItem().transformToUniAndConcatenate(this::consumeOne)
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> consumeOne(ConsumerRecord<String, AgentHeartbeat> record) {
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
            apply = laneTopics(lanesOf(heartbeat), heartbeat.agentId() + "'s")
                    .chain(() -> pool.withTransaction(sql -> agents.record(sql, heartbeat, config.agent().heartbeatTimeout())
                            .chain(recorded -> correct(sql, heartbeat, recorded.map(Agents.Recorded::desired))
                                    .chain(() -> roomFor(heartbeat, recorded) ? signals.dispatchSoon(sql)
                                            : Uni.createFrom().voidItem()))));
        }
        // The database being away must not lose the heartbeat nor stop the channel: retry until it answers.
        // A heartbeat the database refuses as data (a NUL in a name, say) never will: a dead letter.
        return apply.onFailure(Poison::is).recoverWithUni(e -> deadLetters.unprocessable(record, e))
                .onFailure().invoke(e -> LOG.warnf("Heartbeat of %s not applied yet: %s", record.key(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }

    /**
     * The job topics of the lanes. A broker that cannot make them now does not hold up the registry: the outbox relay
     * makes sure of a topic again before it sends the lane's first job.
     */
    private Uni<Void> laneTopics(List<Lane> lanes, String whose) {
        return topics.ensureLanesLater(lanes).onFailure().recoverWithItem(e -> {
            LOG.warnf("Job topics of %s lanes not made yet: %s", whose, e.getMessage());
            return null;
        });
    }

    /** The agent has room it did not have: its new room is taken at once, not at the dispatcher's next timer. */
    private static boolean roomFor(AgentHeartbeat heartbeat, Optional<Agents.Recorded> recorded) {
        return recorded.filter(Agents.Recorded::moreRoom).isPresent() && heartbeat.state() == AgentHeartbeat.AgentState.ACTIVE;
    }

    private Uni<Void> correct(SqlClient sql, AgentHeartbeat heartbeat, Optional<DesiredState> desired) {
        Optional<AgentCommand.Command> again = desired.flatMap(d -> d.correction(heartbeat.state()));
        if (again.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        LOG.infof("Agent %s reports %s against the operators' %s: sending %s again", heartbeat.agentId(),
                heartbeat.state(), desired.get(), again.get());
        return outbox.append(sql, Topics.AGENT_COMMANDS, heartbeat.agentId(), new AgentCommand(UUID.randomUUID(),
                Instant.now(), heartbeat.agentId(), again.get(), null, null, 0));
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
