package cloud.yuntu.task.scheduling;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.task.agent.Agents;
import cloud.yuntu.task.agent.Lane;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes sure each lane's job topic ({@code farm.frame-jobs.<pool>.<renderer>}) exists with ONE
 * partition before any job is produced to it. A share group hands a partition's records to every
 * member it is assigned to, but splits several partitions between members; jobs are keyed by
 * taskId, so on a topic the broker auto-created with several partitions all frames of a task would
 * queue for the few agents holding that partition while the rest of the lane idles. One partition
 * is one fair queue for every agent of the pool with the renderer, and far more throughput than
 * frame jobs need.
 *
 * <p>Agents subscribe to their lanes before any job exists and may not create a topic, so lanes are
 * made from what agents report: at start for every (pool, renderer) in the registry, and when a
 * heartbeat shows a new one ({@link cloud.yuntu.task.agent.HeartbeatConsumer}, before the heartbeat is recorded, so the
 * dispatcher sees no capacity in a lane whose topic is not there). The outbox relay makes sure of a
 * topic again before its first job, whatever happened in between.
 *
 * <p>With the topic, the lane's share group ({@code render-agents-<pool>.<renderer>}) is set to start
 * from the earliest job: the broker's default, latest, would skip the jobs released before the first
 * agent with the renderer joined the group. Agents set it too, with their record lock.
 */
@ApplicationScoped
public class FrameJobTopics {

    private static final Logger LOG = Logger.getLogger(FrameJobTopics.class);
    private static final int PARTITIONS = 1;

    private final Admin admin;
    /** Topics known to exist. */
    private final Set<String> ready = ConcurrentHashMap.newKeySet();

    public FrameJobTopics(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "task-service-topics",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    void createAtStart(@Observes StartupEvent started, Pool pool, Agents agents) {
        try {
            ensureKnownLanes(pool, agents);
        } catch (RuntimeException e) {
            LOG.warnf("Job topics not made at start (%s); each is made on its agents' next heartbeat and before its "
                    + "first job is published", e.getMessage());
        }
    }

    /** Makes the topic of every lane the registry knows (blocking: at start, and for tests). */
    void ensureKnownLanes(Pool pool, Agents agents) {
        List<Lane> lanes = pool.withConnection(agents::lanes).await().atMost(Duration.ofSeconds(30));
        ensureLanes(lanes);
    }

    /**
     * Makes sure the topics of {@code lanes} exist, off the event loop (the admin calls block).
     * Lanes whose names cannot make a topic are skipped with a warning.
     */
    public Uni<Void> ensureLanesLater(Collection<Lane> lanes) {
        if (lanes.stream().filter(Lane::topicSafe).allMatch(l -> ready.contains(l.topic()))) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().item(() -> {
                    ensureLanes(lanes);
                    return (Void) null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private void ensureLanes(Collection<Lane> lanes) {
        List<String> topics = new ArrayList<>();
        for (Lane lane : lanes) {
            if (lane.topicSafe()) {
                topics.add(lane.topic());
            } else {
                LOG.warnf("No job topic for pool \"%s\" and renderer \"%s\": names must be letters, digits, _ or -",
                        lane.pool(), lane.renderer());
            }
        }
        ensureFor(topics);
    }

    /**
     * Makes sure every job topic among {@code topics} exists before anything is produced to it (a
     * producer asking for an unknown topic's metadata would have the broker auto-create it).
     *
     * @throws IllegalStateException when one cannot be made sure of now; the caller retries later
     */
    public void ensureFor(Collection<String> topics) {
        for (String topic : topics) {
            if (topic.startsWith(Topics.FRAME_JOBS_PREFIX) && !ready.contains(topic)) {
                ensure(topic);
            }
        }
    }

    private void ensure(String topic) {
        try {
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty())))
                        .all().get(10, TimeUnit.SECONDS);
                LOG.infof("Created %s with %d partition", topic, PARTITIONS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                TopicDescription existing = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(10, TimeUnit.SECONDS).get(topic);
                if (existing.partitions().size() != PARTITIONS) {
                    LOG.warnf("%s has %d partitions: tasks will not spread over the whole lane. Recreate it with one "
                            + "partition while no jobs are in flight.", topic, existing.partitions().size());
                }
            }
            admin.incrementalAlterConfigs(Map.of(
                            new ConfigResource(ConfigResource.Type.GROUP, Topics.renderAgentsGroupOfLane(topic)),
                            List.of(new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
                                    AlterConfigOp.OpType.SET))))
                    .all().get(10, TimeUnit.SECONDS);
            ready.add(topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while making sure " + topic + " exists", e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot make sure " + topic + " exists: " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
