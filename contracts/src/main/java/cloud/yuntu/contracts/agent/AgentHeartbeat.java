package cloud.yuntu.contracts.agent;

import cloud.yuntu.contracts.FarmEvent;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An agent's state on the compacted {@code farm.agent-heartbeats}, key agentId. task-service
 * releases frame jobs into a pool only about as fast as its agents report free slots.
 * A final heartbeat with {@link AgentState#STOPPED} (or a tombstone) says the agent left.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonTypeName(AgentHeartbeat.TYPE)
public record AgentHeartbeat(
        UUID id,
        Instant time,
        String agentId,
        String host,
        List<String> pools,
        int cores,
        long ramBytes,
        List<Gpu> gpus,
        List<RendererVersion> renderers,
        int slotsTotal,
        int slotsFree,
        List<UUID> runningFrames,
        AgentState state) implements FarmEvent {

    public static final String TYPE = "agent.heartbeat.v1";

    public AgentHeartbeat {
        pools = List.copyOf(pools);
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
        renderers = renderers == null ? List.of() : List.copyOf(renderers);
        runningFrames = runningFrames == null ? List.of() : List.copyOf(runningFrames);
    }

    public record Gpu(String model, long memoryBytes) {
    }

    public record RendererVersion(String renderer, String version) {
    }

    public enum AgentState {
        ACTIVE, DRAINING, STOPPED
    }
}
