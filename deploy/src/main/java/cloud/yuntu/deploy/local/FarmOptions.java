package cloud.yuntu.deploy.local;

import java.nio.file.Path;

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

    public static FarmOptions local(Path repository) {
        return new FarmOptions(repository, repository.resolve(".local-farm"), "yuntu", true, 1, 2);
    }
}
