package cloud.yuntu.gateway.push;

import cloud.yuntu.platform.identity.Caller;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What one connection sees: its caller's own events (admins: everybody's), optionally narrowed to
 * one task.
 *
 * @param caller who opened the connection, from the verified {@code access_token}
 * @param taskId when set, only this task's events and no notifications; a task the caller may
 *               not see simply yields nothing, exactly like a task that does not exist
 */
public record Subscription(Caller caller, UUID taskId) {

    /** The query parameter carrying the bearer token: browsers cannot set headers on a WebSocket. */
    static final String ACCESS_TOKEN = "access_token";

    /**
     * Reads the subscription from the WebSocket handshake's query.
     *
     * @throws InvalidSubscription when a parameter cannot be understood
     */
    public static Subscription parse(Caller caller, String query) {
        String task = first(parameters(query).get("taskId"));
        if (task == null) {
            return new Subscription(caller, null);
        }
        try {
            return new Subscription(caller, UUID.fromString(task));
        } catch (IllegalArgumentException e) {
            throw new InvalidSubscription("taskId is not a UUID: " + abbreviate(task));
        }
    }

    /** The {@code access_token} of a handshake query, null when there is none. */
    static String accessToken(String query) {
        return first(parameters(query).get(ACCESS_TOKEN));
    }

    public boolean wants(Push push) {
        if (push.everyone()) {
            return taskId == null;
        }
        if (taskId != null && !taskId.equals(push.taskId())) {
            return false;
        }
        // The farm's ownership rule; an event naming no owner reaches admins only.
        return caller.maySee(push.owner());
    }

    private static Map<String, List<String>> parameters(String query) {
        return new QueryStringDecoder(query == null ? "" : query, false).parameters();
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** A close reason must fit into 123 bytes of UTF-8, and a UUID has 36 characters. */
    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 24) + "...";
    }

    @Override
    public String toString() {
        // Logged when a connection is dropped: the caller's id and the task, never a token.
        return "Subscription[caller=" + caller.id() + ", taskId=" + taskId + "]";
    }

    /** A handshake asked for something the gateway cannot serve; the message says what. */
    public static final class InvalidSubscription extends IllegalArgumentException {
        InvalidSubscription(String message) {
            super(message);
        }
    }
}
