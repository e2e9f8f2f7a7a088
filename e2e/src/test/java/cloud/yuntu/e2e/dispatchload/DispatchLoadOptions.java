package cloud.yuntu.e2e.dispatchload;

import cloud.yuntu.e2e.bench.BenchArguments;
import cloud.yuntu.deploy.kafka.BrokerSettings;
import java.util.Map;
import java.util.Set;

/**
 * What {@code ./yuntu bench dispatch} is asked to do: how many simulated agents take the jobs of one task of
 * how many frames, each with how many slots.
 *
 * @param agents simulated agents, each with a share consumer of its own in the lane's one share group; at most
 *        {@link BrokerSettings#KAFKA_MAX_SHARE_GROUP_MEMBERS}, the most members Kafka 4.2 lets a share group have
 * @param frames frames of the one task submitted, at most task-service's {@code yuntu.task.max-frames}
 * @param slots frames each agent renders at once (the agent's {@code yuntu.agent.slots}, 1 by default)
 * @param ahead jobs task-service releases ahead of each agent's free slots ({@code
 *        yuntu.task.dispatch.jobs-ahead-per-agent}, 0 by default as in task-service)
 * @param warmup frames of a task run through the same agents before the measured one and not counted: every JVM
 *        (services, broker, agents) has compiled its hot code by then, as on a farm that has been running; 0 for none
 */
public record DispatchLoadOptions(int agents, int frames, int slots, int ahead, int warmup) {

    /** task-service's default {@code yuntu.task.max-frames}: no frame list may expand beyond it. */
    public static final int MAX_FRAMES = 1_000_000;
    /** As the local launcher allows ({@code FarmOptions.MAX_SLOTS}). */
    public static final int MAX_SLOTS = 64;

    /** The default warm-up task. */
    public static final int WARMUP_FRAMES = 5_000;

    static final String USAGE = "usage: ./yuntu bench dispatch [--agents N] [--frames N] [--slots M] [--ahead J] [--warmup W]";

    public DispatchLoadOptions {
        if (agents < 1 || agents > BrokerSettings.KAFKA_MAX_SHARE_GROUP_MEMBERS) {
            throw new IllegalArgumentException("--agents must be between 1 and " + BrokerSettings.KAFKA_MAX_SHARE_GROUP_MEMBERS
                    + " (the most members Kafka 4.2 lets one share group, so one lane, have), not " + agents);
        }
        if (frames < 1 || frames > MAX_FRAMES) {
            throw new IllegalArgumentException("--frames must be between 1 and " + MAX_FRAMES + ", not " + frames);
        }
        if (slots < 1 || slots > MAX_SLOTS) {
            throw new IllegalArgumentException("--slots must be between 1 and " + MAX_SLOTS + ", not " + slots);
        }
        if (ahead < 0 || ahead > MAX_SLOTS) {
            throw new IllegalArgumentException("--ahead must be between 0 and " + MAX_SLOTS + ", not " + ahead);
        }
        if (warmup < 0 || warmup > MAX_FRAMES) {
            throw new IllegalArgumentException("--warmup must be between 0 and " + MAX_FRAMES + ", not " + warmup);
        }
    }

    /** Defaults: 1,000 agents of one slot, one task of 100,000 frames after one of 5,000, no job released ahead. */
    public static DispatchLoadOptions parse(String... args) {
        Map<String, Integer> given = BenchArguments.wholeNumbers(USAGE, Set.of("--agents", "--frames", "--slots", "--ahead", "--warmup"), args);
        return new DispatchLoadOptions(given.getOrDefault("agents", 1_000), given.getOrDefault("frames", 100_000),
                given.getOrDefault("slots", 1), given.getOrDefault("ahead", 0), given.getOrDefault("warmup", WARMUP_FRAMES));
    }
}
