package cloud.yuntu.file.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which of the listed contents of the store are orphans: no table knows them, and they were last modified
 * longer than the grace period ago. The grace keeps the audit off what is being written or recorded right
 * now (bytes renamed into place a moment before their row commits, a staging file still growing).
 */
public final class OrphanRule {

    private final Duration grace;

    public OrphanRule(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the grace period cannot be negative: " + grace);
        }
        this.grace = grace;
    }

    public Duration grace() {
        return grace;
    }

    /** A modification at or after {@code now - grace}, or in the future (another host's clock), is too recent. */
    public boolean orphaned(boolean known, Instant lastModified, Instant now) {
        return !known && lastModified.isBefore(now.minus(grace));
    }

    /**
     * The orphans among {@code listed}, in their order.
     *
     * @param known the names of {@code listed} some table knows
     */
    public <T> List<T> orphans(List<T> listed, Function<T, String> name, Function<T, Instant> lastModified,
            Set<String> known, Instant now) {
        return listed.stream()
                .filter(entry -> orphaned(known.contains(name.apply(entry)), lastModified.apply(entry), now))
                .toList();
    }
}
