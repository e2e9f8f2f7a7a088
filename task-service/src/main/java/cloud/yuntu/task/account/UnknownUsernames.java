package cloud.yuntu.task.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed sign-ins of usernames that have no account, kept in memory, so that they are slowed
 * down exactly like those of real accounts and the 429 of the throttle does not tell which
 * usernames exist. Bounded: past {@link #MAX_ENTRIES} names, those whose pause has run out are
 * forgotten, and if that is not enough, all are.
 */
class UnknownUsernames {

    static final int MAX_ENTRIES = 10_000;

    record Failures(int count, Instant last) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    Failures of(String username) {
        return failures.getOrDefault(username, new Failures(0, null));
    }

    void failed(String username, Instant at, Duration forgetAfter) {
        if (failures.size() >= MAX_ENTRIES) {
            failures.values().removeIf(f -> f.last().plus(forgetAfter).isBefore(at));
            if (failures.size() >= MAX_ENTRIES) {
                failures.clear();
            }
        }
        failures.merge(username, new Failures(1, at), (old, one) -> new Failures(old.count() + 1, at));
    }
}
