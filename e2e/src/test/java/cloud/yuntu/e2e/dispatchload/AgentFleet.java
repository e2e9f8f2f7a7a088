package cloud.yuntu.e2e.dispatchload;

import cloud.yuntu.agent.job.ShareGroupSettings;
import cloud.yuntu.agent.report.EventProducer;
import cloud.yuntu.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * N simulated agents of one lane in this JVM: each with its own share consumer on a thread of its own and its own
 * producer (as each agent process has one), heartbeating at the agent's interval on a timer of its own (a virtual
 * thread: a send that waits for the broker's metadata holds up that agent's beats only, as in a real agent), the
 * agents' beats spread over the interval as agents started at different moments would be.
 */
public final class AgentFleet implements AutoCloseable {

    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(90);
    /**
     * Kafka's clients log their settings and every step at INFO and below, a thousand of each here. Outside a
     * Quarkus application (a benchmark's main, an e2e test) the JBoss log manager's records wait in Quarkus' delayed
     * handler under one lock, every level enabled: with thousands of clients their threads queue on that lock.
     * Only Kafka's warnings are recorded (held here, so the setting is not collected with the logger).
     */
    private static final java.util.logging.Logger KAFKA_LOG = quiet("org.apache.kafka");

    private final String bootstrapServers;
    private final String pool;
    private final String renderer;
    private final int slots;
    private final DispatchTally tally;
    private final List<SimulatedAgent> agents = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<EventProducer> producers = new ArrayList<>();
    private final List<Thread> heartbeats = new ArrayList<>();

    public AgentFleet(String bootstrapServers, String pool, String renderer, int count, int slots, DispatchTally tally) {
        this.bootstrapServers = bootstrapServers;
        this.pool = pool;
        this.renderer = renderer;
        this.slots = slots;
        this.tally = tally;
        for (int i = 1; i <= count; i++) {
            EventProducer producer = new EventProducer(() -> bootstrapServers);
            producers.add(producer);
            agents.add(new SimulatedAgent(String.format("sim-agent-%04d", i), pool, renderer, slots, bootstrapServers, producer,
                    tally));
        }
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    public String lane() {
        return Topics.frameJobs(pool, renderer);
    }

    public String group() {
        return Topics.renderAgentsGroup(pool, renderer);
    }

    public int size() {
        return agents.size();
    }

    public int slotsEach() {
        return slots;
    }

    /**
     * Heartbeats first, so task-service registers the agents and makes the lane's topic; then the lane's share group
     * is set up as the agent does it (earliest, the agent's record lock: once here, not once per agent) and every
     * agent's consumer joins. Returns how many members the group has once all joined or {@code timeout} passed.
     */
    public int start(Duration timeout) throws Exception {
        long interval = AgentDefaults.heartbeatInterval().toNanos();
        long first = System.nanoTime();
        for (int i = 0; i < agents.size(); i++) {
            SimulatedAgent agent = agents.get(i);
            long offset = i * interval / agents.size();
            heartbeats.add(Thread.ofVirtual().name("heartbeat-" + agent.id()).start(() -> beat(agent, first + offset, interval)));
        }
        try (Admin admin = admin()) {
            long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
            while (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(lane())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("task-service made no topic " + lane() + " within " + TOPIC_TIMEOUT
                            + " of the agents' heartbeats");
                }
                Thread.sleep(200);
            }
            ShareGroupSettings.apply(bootstrapServers, group(), AgentDefaults.recordLock());
            for (SimulatedAgent agent : agents) {
                threads.add(Thread.ofPlatform().name("sim-" + agent.id()).daemon().start(agent));
            }
            long deadlineJoined = System.nanoTime() + timeout.toNanos();
            int members = 0;
            while (System.nanoTime() < deadlineJoined) {
                members = members(admin);
                if (members >= agents.size()) {
                    break;
                }
                Thread.sleep(500);
            }
            return members;
        }
    }

    /** Beats at {@code start}, then every {@code interval} after it (a fixed rate, as the agent's timer). */
    private void beat(SimulatedAgent agent, long start, long interval) {
        long due = start;
        while (!agent.stopped()) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            tally.heartbeatLate(System.nanoTime() - due);
            agent.heartbeat();
            due += interval;
            // A beat more than an interval late is not made up in a burst: the next one is due an interval on.
            if (System.nanoTime() - due > interval) {
                due = System.nanoTime() + interval;
            }
        }
    }

    /** Members of the lane's share group as the broker sees them now. */
    public int members() throws Exception {
        try (Admin admin = admin()) {
            return members(admin);
        }
    }

    private int members(Admin admin) throws Exception {
        try {
            ShareGroupDescription group = admin.describeShareGroups(List.of(group())).describedGroups().get(group())
                    .get(10, TimeUnit.SECONDS);
            return group.members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                // No consumer has joined yet: the group comes into being with its first member.
                return 0;
            }
            throw e;
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
    }

    /** Stops every agent (each accepts what it holds and says STOPPED), then their producers. */
    @Override
    public void close() {
        agents.forEach(SimulatedAgent::stop);
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        heartbeats.forEach(Thread::interrupt);
        producers.parallelStream().forEach(EventProducer::close);
    }
}
