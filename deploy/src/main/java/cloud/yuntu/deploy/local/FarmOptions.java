package cloud.yuntu.deploy.local;

import java.nio.file.Path;
import java.util.List;

/**
 * How to bring a farm up.
 *
 * @param repository the checkout whose modules hold the packaged services
 * @param dataDir broker data, stored objects, agent work directories and logs
 * @param database PostgreSQL database of the farm (created if absent)
 * @param fixedPorts true for the documented local ports (8080..8084, Kafka 9092), false for free random ones
 * @param agents how many render agents to start
 * @param agentSlots frames each agent renders at once
 */
public record FarmOptions(Path repository, Path dataDir, String database, boolean fixedPorts, int agents, int agentSlots) {

    /** Agents and slots of {@code ./yuntu run} without options: one node rendering two frames at once. */
    public static final int DEFAULT_AGENTS = 1;
    public static final int DEFAULT_SLOTS = 2;
    /** Each agent is a JVM of its own (about 150 MB): more than this on one machine is a mistake, not a farm. */
    public static final int MAX_AGENTS = 64;
    public static final int MAX_SLOTS = 64;

    public FarmOptions {
        if (agents < 0 || agents > MAX_AGENTS) {
            throw new IllegalArgumentException("--agents must be between 0 and " + MAX_AGENTS + ", was " + agents);
        }
        if (agentSlots < 1 || agentSlots > MAX_SLOTS) {
            throw new IllegalArgumentException("--slots must be between 1 and " + MAX_SLOTS + ", was " + agentSlots);
        }
    }

    public static FarmOptions local(Path repository) {
        return new FarmOptions(repository, repository.resolve(".local-farm"), "yuntu", true, DEFAULT_AGENTS, DEFAULT_SLOTS);
    }

    /**
     * The local farm as {@code ./yuntu run [--agents N] [--slots M]} asks for it.
     *
     * @throws IllegalArgumentException naming the option that is unknown, lacks its value or is out of range
     */
    public static FarmOptions local(Path repository, List<String> args) {
        FarmOptions defaults = local(repository);
        int agents = defaults.agents();
        int slots = defaults.agentSlots();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            switch (option) {
                case "--agents" -> agents = count(option, args, ++i);
                case "--slots" -> slots = count(option, args, ++i);
                default -> throw new IllegalArgumentException("unknown option " + option + " (expected --agents N, --slots M)");
            }
        }
        return new FarmOptions(repository, defaults.dataDir(), defaults.database(), true, agents, slots);
    }

    static int count(String option, List<String> args, int index) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a number");
        }
        try {
            return Integer.parseInt(args.get(index));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, was '" + args.get(index) + "'");
        }
    }
}
