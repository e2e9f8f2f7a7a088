package cloud.yuntu.gateway.push;

import cloud.yuntu.gateway.stream.StreamIds;
import cloud.yuntu.gateway.stream.StreamRecord;
import cloud.yuntu.platform.identity.Caller;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What one connection sees: its caller's stream (an admin's or a service's: the farm's), optionally
 * narrowed to one task, from where the client asks to resume.
 *
 * @param caller who opened the connection, from the verified {@code access_token}
 * @param taskId when set, only this task's events and no notifications; a task the caller may
 *               not see simply yields nothing, exactly like a task that does not exist
 * @param resume where the client left off ({@code lastSeq} and {@code epoch}), null for now on
 */
public record Subscription(Caller caller, UUID taskId, Resume resume) {

    /** The query parameter carrying the bearer token: browsers cannot set headers on a WebSocket. */
    static final String ACCESS_TOKEN = "access_token";

    /** A client that saw the stream up to {@code lastSeq} of {@code epoch}. */
    public record Resume(UUID epoch, long lastSeq) {
    }

    public Subscription(Caller caller, UUID taskId) {
        this(caller, taskId, null);
    }

    /**
     * Reads the subscription from the WebSocket handshake's query.
     *
     * @throws InvalidSubscription when a parameter cannot be understood
     */
    public static Subscription parse(Caller caller, String query) {
        Map<String, List<String>> parameters = parameters(query);
        return new Subscription(caller, task(first(parameters.get("taskId"))),
                resume(first(parameters.get("lastSeq")), first(parameters.get("epoch"))));
    }

    /** The {@code access_token} of a handshake query, null when there is none. */
    static String accessToken(String query) {
        return first(parameters(query).get(ACCESS_TOKEN));
    }

    /**
     * The stream the connection follows. Who sees what is decided here, once: a user's stream holds
     * only their own events and the broadcasts; the farm's holds everything.
     */
    public String stream() {
        if (caller.seesEverything()) {
            return StreamIds.FARM;
        }
        return caller.isAgent() ? StreamIds.agent(caller.id()) : StreamIds.user(caller.id());
    }

    /** Whether the connection is shown the record of its stream: all of them, or one task's. */
    public boolean wants(StreamRecord record) {
        return taskId == null || taskId.equals(record.taskId());
    }

    private static UUID task(String task) {
        if (task == null) {
            return null;
        }
        try {
            return UUID.fromString(task);
        } catch (IllegalArgumentException e) {
            throw new InvalidSubscription("taskId is not a UUID: " + abbreviate(task));
        }
    }

    private static Resume resume(String lastSeq, String epoch) {
        if (lastSeq == null) {
            return null;
        }
        long seq;
        try {
            seq = Long.parseLong(lastSeq);
        } catch (NumberFormatException e) {
            seq = -1;
        }
        if (seq < 0) {
            throw new InvalidSubscription("lastSeq is not a whole number of 0 or more: " + abbreviate(lastSeq));
        }
        if (epoch == null) {
            throw new InvalidSubscription("lastSeq needs the epoch it counts in (from connection:established)");
        }
        try {
            return new Resume(UUID.fromString(epoch), seq);
        } catch (IllegalArgumentException e) {
            throw new InvalidSubscription("epoch is not a UUID: " + abbreviate(epoch));
        }
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
