package cloud.yuntu.gateway.push;

import io.quarkus.websockets.next.CloseReason;

/**
 * How the gateway closes a {@code /ws} or {@code /ws/admin} connection, and what the client should
 * do about it. The codes are RFC 6455's where one fits; 4000, 4001 and 4003 are ours (4000-4999
 * are for applications), because a client must tell "replaced", "disconnected by an administrator"
 * and "not an operator" apart to avoid reconnecting.
 */
public final class CloseCodes {

    /** 1008 "policy violation": a handshake the gateway refuses; the reason says why. */
    public static final int REFUSED = 1008;

    /**
     * A valid token without {@code admin} in its {@code groups} opened {@code /ws/admin}. Apart from
     * 1008 (no or a bad token), so a console can tell "sign in again" from "this account may not":
     * reconnecting with the same token is refused again.
     */
    public static final CloseReason NOT_AN_OPERATOR = new CloseReason(4003, "forbidden: /ws/admin is for operators (groups: admin)");

    /** 1013 "try again later": the client may reconnect once it keeps up, the server is fine. */
    static final CloseReason TOO_SLOW = new CloseReason(1013, "client too slow: send queue overflowed");

    /** 1001 "going away": nothing (no pong, no message) heard from the client for too long; it may reconnect. */
    static final int SILENT = 1001;

    /** A newer connection of the same user took this one's place; reconnecting would only close another. */
    static final int REPLACED = 4000;

    /**
     * An operator closed all the user's connections ({@code POST /api/admin/push/users/{id}/disconnect});
     * reconnecting at once would undo it, so clients must not.
     */
    static final CloseReason DISCONNECTED = new CloseReason(4001, "disconnected by an administrator");

    /** 1009 "message too big": a client message over {@code yuntu.gateway.push.client-message-limit}. */
    static final int TOO_BIG = 1009;

    private CloseCodes() {
    }

    public static CloseReason silent(java.time.Duration timeout) {
        return new CloseReason(SILENT, "silent for " + timeout.toSeconds() + " s: no pong or message");
    }

    public static CloseReason tooBig(int limit) {
        return new CloseReason(TOO_BIG, "message too big: at most " + limit + " bytes");
    }

    static CloseReason replaced(int limit) {
        return new CloseReason(REPLACED, "replaced: at most " + limit + " connections per user, this was the oldest");
    }
}
