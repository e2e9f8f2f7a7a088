package cloud.yuntu.gateway.push;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.UUID;

/**
 * What one connection asked to see.
 *
 * @param userId the user the client says it is ({@code user} query parameter or {@code X-Yuntu-User}
 *               header, {@code anonymous} otherwise): selects the notifications it gets
 * @param taskId when set, the connection sees only this task's events and no notifications
 */
public record Subscription(String userId, UUID taskId) {

    static final String ANONYMOUS = "anonymous";

    /**
     * Reads the subscription from the WebSocket handshake.
     *
     * @throws InvalidSubscription when a parameter cannot be understood
     */
    public static Subscription parse(String query, String userHeader) {
        var parameters = new QueryStringDecoder(query == null ? "" : query, false).parameters();
        String user = first(parameters.get("user"));
        if (user == null || user.isBlank()) {
            user = userHeader == null || userHeader.isBlank() ? ANONYMOUS : userHeader;
        }
        String task = first(parameters.get("taskId"));
        if (task == null) {
            return new Subscription(user, null);
        }
        try {
            return new Subscription(user, UUID.fromString(task));
        } catch (IllegalArgumentException e) {
            throw new InvalidSubscription("taskId is not a UUID: " + abbreviate(task));
        }
    }

    public boolean wants(Push push) {
        if (taskId != null) {
            return taskId.equals(push.taskId());
        }
        return push.recipient() == null || push.recipient().equals(userId);
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** A close reason must fit into 123 bytes of UTF-8, and a UUID has 36 characters. */
    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 24) + "...";
    }

    /** A handshake asked for something the gateway cannot serve; the message says what. */
    public static final class InvalidSubscription extends IllegalArgumentException {
        InvalidSubscription(String message) {
            super(message);
        }
    }
}
