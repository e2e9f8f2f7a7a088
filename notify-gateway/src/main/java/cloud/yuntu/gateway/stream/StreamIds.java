package cloud.yuntu.gateway.stream;

/**
 * Names of streams: each user has one, {@code user:<id>}, with their own events and the broadcasts;
 * the farm has one, {@code farm}, with every event, for admins and services; an agent's,
 * {@code agent:<id>}, has the broadcasts only. The prefixes keep an id from naming another's stream.
 */
public final class StreamIds {

    public static final String FARM = "farm";
    static final String USER_PREFIX = "user:";
    static final String AGENT_PREFIX = "agent:";

    private StreamIds() {
    }

    public static String user(String userId) {
        return USER_PREFIX + userId;
    }

    public static String agent(String agentId) {
        return AGENT_PREFIX + agentId;
    }
}
