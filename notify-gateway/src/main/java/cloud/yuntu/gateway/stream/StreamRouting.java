package cloud.yuntu.gateway.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Which streams an event is numbered in: a pure rule. */
public final class StreamRouting {

    private StreamRouting() {
    }

    /**
     * The farm's stream always; the owner's stream when the event has one; every other stream
     * that exists for a broadcast.
     *
     * @param userStreams the streams besides the farm's that exist, for broadcasts
     */
    public static List<String> streamsOf(Push push, Set<String> userStreams) {
        List<String> streams = new ArrayList<>();
        streams.add(StreamIds.FARM);
        if (push.everyone()) {
            userStreams.stream().sorted().forEach(streams::add);
        } else if (push.owner() != null) {
            streams.add(StreamIds.user(push.owner()));
        }
        return streams;
    }
}
