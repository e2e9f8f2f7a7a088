package cloud.yuntu.agent.command;

import cloud.yuntu.agent.AgentIdentity;
import cloud.yuntu.agent.KafkaConfig;
import cloud.yuntu.agent.job.RunningFrames;
import cloud.yuntu.agent.job.Slots;
import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentCommand;
import cloud.yuntu.contracts.frame.FencingToken;
import cloud.yuntu.contracts.json.AgentCommandDeserializer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Orders for this agent from farm.agent-commands. Each agent reads the topic in its own consumer
 * group starting at the latest offset: a command is about the present, an agent that was down
 * must not replay old cancels or drains. Commands are applied once per id.
 */
@ApplicationScoped
public class AgentCommands {

    private static final Logger LOG = Logger.getLogger(AgentCommands.class);
    private static final int REMEMBERED_IDS = 1000;
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final AgentIdentity identity;
    private final KafkaConfig kafka;
    private final Slots slots;
    private final RunningFrames running;
    private final AgentCommandDeserializer deserializer = new AgentCommandDeserializer();
    private final Map<UUID, Boolean> applied = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean stopping;
    private volatile boolean assigned;
    private Thread thread;

    AgentCommands(AgentIdentity identity, KafkaConfig kafka, Slots slots, RunningFrames running) {
        this.identity = identity;
        this.kafka = kafka;
        this.slots = slots;
        this.running = running;
    }

    public synchronized void start() {
        thread = Thread.ofPlatform().name("agent-commands").start(this::loop);
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "render-agent-" + identity.id(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The consumer has its partitions: commands sent from now on reach this agent. */
    public boolean ready() {
        return assigned;
    }

    public synchronized void stop() {
        stopping = true;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Reads commands until the agent stops. A consumer that fails is replaced by a fresh one of the same group, which
     * goes on from the committed offset: an agent whose command consumer died would never be resumed, drained or told
     * to cancel again, while its heartbeats went on as if all were well.
     */
    private void loop() {
        while (!stopping) {
            try (KafkaConsumer<String, byte[]> c = newConsumer()) {
                // For stop() to wake; a stop that comes before this is seen by the poll loop within a second.
                consumer = c;
                c.subscribe(List.of(Topics.AGENT_COMMANDS), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        assigned = false;
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        assigned = !partitions.isEmpty();
                    }
                });
                while (!stopping) {
                    for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofSeconds(1))) {
                        handle(record);
                    }
                }
            } catch (WakeupException stopRequested) {
                // stop() woke the poll.
            } catch (RuntimeException e) {
                assigned = false;
                LOG.errorf(e, "Agent command consumer failed; a fresh one subscribes in %s", RETRY);
                if (!pause()) {
                    return;
                }
            }
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(RETRY);
            return !stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        AgentCommand command;
        try {
            command = deserializer.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            LOG.errorf("Skipping unreadable agent command at offset %d: %s", record.offset(), e.getMessage());
            return;
        }
        if (command != null && command.command() == null) {
            LOG.errorf("Skipping agent command at offset %d: it names no command", record.offset());
            return;
        }
        if (command == null || !identity.id().equals(command.agentId()) || applied.put(command.id(), true) != null) {
            return;
        }
        try {
            apply(command);
        } catch (RuntimeException e) {
            // One command that cannot be applied must not stop the ones after it.
            LOG.errorf(e, "Command %s (%s) could not be applied", command.command(), command.id());
        }
    }

    void apply(AgentCommand command) {
        LOG.infof("Command %s (%s)", command.command(), command.id());
        switch (command.command()) {
            case DRAIN -> slots.drain();
            case RESUME -> slots.resume();
            case CANCEL_FRAME -> running.get(command.frameId(), command.attempt()).ifPresentOrElse(
                    run -> {
                        if (command.cancels(run.fencingToken())) {
                            run.cancel();
                        } else {
                            // The cancel was of the delivery this one replaced: the job came back here since.
                            LOG.infof("Cancel for frame %s attempt %d delivery %s ignored: it runs here by a later delivery (%s)",
                                    command.frameId(), command.attempt(), FencingToken.describe(command.fencingToken()),
                                    FencingToken.describe(run.fencingToken()));
                        }
                    },
                    () -> LOG.infof("Cancel for frame %s attempt %d, which does not run here", command.frameId(),
                            command.attempt()));
        }
    }
}
