package cloud.yuntu.e2e.pushload;

import cloud.yuntu.e2e.bench.BenchArguments;
import java.util.Map;
import java.util.Set;

/**
 * What {@code ./yuntu bench push} is asked to do: how many WebSocket connections to open, how many
 * task events per second to put on Kafka and for how long, spread over how many users.
 *
 * @param connections WebSocket connections to one gateway
 * @param rate task events per second put on {@code farm.task-events}
 * @param seconds how long the events are sent
 * @param users users the connections and events are spread over; connection {@code i} is user
 *        {@code i % users}'s, so no user has more than {@link #PER_USER_CAP} of them
 */
public record PushLoadOptions(int connections, int rate, int seconds, int users) {

    /**
     * The gateway's default {@code yuntu.gateway.limits.websocket-connections-per-user}: a user's sixth
     * connection closes their oldest (4000), so more per user would measure replacements, not load.
     */
    public static final int PER_USER_CAP = 5;

    static final String USAGE = "usage: ./yuntu bench push [--connections N] [--rate R] [--seconds S] [--users U]";

    public PushLoadOptions {
        if (connections < 1 || rate < 1 || seconds < 1) {
            throw new IllegalArgumentException("--connections, --rate and --seconds must be 1 or more");
        }
        if (users < 1 || users > connections) {
            throw new IllegalArgumentException("--users must be between 1 and --connections (" + connections + "), not " + users);
        }
        if (connectionsOfBusiestUser(connections, users) > PER_USER_CAP) {
            throw new IllegalArgumentException(connections + " connections over " + users + " users give one user "
                    + connectionsOfBusiestUser(connections, users) + ", over the gateway's cap of " + PER_USER_CAP
                    + ": use --users " + fewestUsers(connections) + " or more");
        }
    }

    /** Defaults: 10,000 connections, 2,000 events/s, 60 s, as few users as the per-user cap allows. */
    public static PushLoadOptions parse(String... args) {
        Map<String, Integer> given = BenchArguments.wholeNumbers(USAGE, Set.of("--connections", "--rate", "--seconds", "--users"), args);
        int connections = given.getOrDefault("connections", 10_000);
        return new PushLoadOptions(connections, given.getOrDefault("rate", 2_000), given.getOrDefault("seconds", 60),
                given.getOrDefault("users", fewestUsers(connections)));
    }

    /** The user (0-based) connection {@code i} signs in as. */
    public int userOf(int connection) {
        return connection % users;
    }

    /** How many of the connections are user {@code user}'s. */
    public int connectionsOf(int user) {
        return connections / users + (user < connections % users ? 1 : 0);
    }

    static int fewestUsers(int connections) {
        return (connections + PER_USER_CAP - 1) / PER_USER_CAP;
    }

    private static int connectionsOfBusiestUser(int connections, int users) {
        return (connections + users - 1) / users;
    }
}
