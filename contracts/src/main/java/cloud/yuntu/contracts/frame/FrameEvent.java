package cloud.yuntu.contracts.frame;

import cloud.yuntu.contracts.FarmEvent;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.UUID;

/** What an agent reports on {@code farm.frame-events}, key taskId. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(FrameStarted.class),
        @JsonSubTypes.Type(FrameProgress.class),
        @JsonSubTypes.Type(FrameCompleted.class),
        @JsonSubTypes.Type(FrameFailed.class)
})
public sealed interface FrameEvent extends FarmEvent
        permits FrameStarted, FrameProgress, FrameCompleted, FrameFailed {

    UUID taskId();

    UUID frameId();

    int attempt();

    String agentId();

    /**
     * The {@link FencingToken} of the job's delivery this report speaks for; null (absent on the wire) from an agent
     * that sends none, whose reports are applied as before tokens existed.
     */
    Long fencingToken();
}
