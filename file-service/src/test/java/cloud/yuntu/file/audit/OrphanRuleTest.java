package cloud.yuntu.file.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrphanRuleTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration GRACE = Duration.ofHours(24);
    private final OrphanRule rule = new OrphanRule(GRACE);

    private record Listed(String name, Instant modified) {
    }

    @Test
    void unknownAndOlderThanTheGraceIsAnOrphan() {
        assertThat(rule.orphaned(false, NOW.minus(GRACE).minusMillis(1), NOW)).isTrue();
        assertThat(rule.orphaned(false, NOW.minus(Duration.ofDays(400)), NOW)).isTrue();
    }

    @Test
    void whatATableKnowsIsNeverAnOrphanHoweverOld() {
        assertThat(rule.orphaned(true, NOW.minus(Duration.ofDays(400)), NOW)).isFalse();
    }

    @Test
    void unknownButModifiedWithinTheGraceStays() {
        assertThat(rule.orphaned(false, NOW.minus(GRACE), NOW)).as("exactly the grace").isFalse();
        assertThat(rule.orphaned(false, NOW.minus(Duration.ofMinutes(5)), NOW)).isFalse();
        assertThat(rule.orphaned(false, NOW.plus(Duration.ofHours(2)), NOW)).as("a clock ahead of ours").isFalse();
    }

    @Test
    void theOrphansOfAPageAreTheUnknownOldOnesInListingOrder() {
        Instant old = NOW.minus(Duration.ofDays(2));
        List<Listed> page = List.of(new Listed("assets/sha256/c", old), new Listed("assets/sha256/a", old),
                new Listed("assets/sha256/known", old), new Listed("assets/sha256/young", NOW.minusSeconds(30)),
                new Listed("assets/sha256/b", old));

        assertThat(rule.orphans(page, Listed::name, Listed::modified, Set.of("assets/sha256/known"), NOW))
                .extracting(Listed::name)
                .containsExactly("assets/sha256/c", "assets/sha256/a", "assets/sha256/b");
        assertThat(rule.orphans(List.<Listed>of(), Listed::name, Listed::modified, Set.of(), NOW)).isEmpty();
    }

    @Test
    void noGraceTakesAllThatIsUnknownAndNotNewerThanNow() {
        OrphanRule none = new OrphanRule(Duration.ZERO);
        assertThat(none.orphaned(false, NOW.minusMillis(1), NOW)).isTrue();
        assertThat(none.orphaned(false, NOW, NOW)).isFalse();
    }

    @Test
    void aNegativeGraceIsRefused() {
        assertThatThrownBy(() -> new OrphanRule(Duration.ofHours(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
