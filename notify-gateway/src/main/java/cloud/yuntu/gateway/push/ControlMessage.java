package cloud.yuntu.gateway.push;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;

/**
 * A message of the connection itself, not of the user's stream: {@code pong} and {@code error}.
 * It carries no {@code seq}, so it never looks like a gap in the stream.
 */
@JsonPropertyOrder({"event", "data", "ts"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ControlMessage(String event, Map<String, String> data, Instant ts) {

    static ControlMessage pong(Instant now) {
        return new ControlMessage("pong", null, now);
    }

    public static ControlMessage error(String message, Instant now) {
        return new ControlMessage("error", Map.of("message", message), now);
    }
}
