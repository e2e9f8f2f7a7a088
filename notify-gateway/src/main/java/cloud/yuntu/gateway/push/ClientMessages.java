package cloud.yuntu.gateway.push;

import cloud.yuntu.contracts.json.FarmJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What the gateway answers to a message a client sends on {@code /ws} (and {@code /ws/admin}). A pure rule: the socket
 * sends the answer. Every message gets one, so a client never waits for nothing: {@code ping} gets
 * {@code pong}; anything else gets an {@code error} saying what was wrong, and the connection stays.
 */
public final class ClientMessages {

    /** The longest part of a client's input quoted back in an error. */
    private static final int QUOTED = 40;

    private ClientMessages() {
    }

    public static ControlMessage answer(String text, Instant now) {
        JsonNode message;
        try {
            message = FarmJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            return ControlMessage.error("malformed JSON: expected {\"event\":\"ping\"}", now);
        }
        if (message == null || !message.isObject() || !message.path("event").isTextual()) {
            return ControlMessage.error("a message is a JSON object with a string \"event\"", now);
        }
        String event = message.get("event").asText();
        return switch (event) {
            case "ping" -> ControlMessage.pong(now);
            default -> ControlMessage.error("unknown event: " + quote(event) + " (known: ping)", now);
        };
    }

    private static String quote(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= QUOTED ? printable : printable.substring(0, QUOTED - 3) + "...";
    }
}
