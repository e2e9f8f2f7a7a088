package cloud.yuntu.gateway.push;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * What a WebSocket client receives: {@code {"event","data","seq","ts"}}.
 *
 * @param data the event JSON, embedded as is
 * @param seq  1 for the first message on a connection, then +1 per message, so a client can tell
 *             it missed nothing
 * @param ts   when the gateway sent it (the event's own time is inside {@code data})
 */
@JsonPropertyOrder({"event", "data", "seq", "ts"})
public record Envelope(String event, @JsonRawValue String data, long seq, Instant ts) {
}
