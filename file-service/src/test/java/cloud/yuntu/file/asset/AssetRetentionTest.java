package cloud.yuntu.file.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AssetRetentionTest {

    private static final AssetRetention WEEK = new AssetRetention(Duration.ofDays(7), Duration.ofHours(1));
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void anAssetUnreferencedForTheWholePeriodIsRemovable() {
        assertThat(WEEK.removable(NOW.minus(Duration.ofDays(7)), false, NOW)).isTrue();
        assertThat(WEEK.removable(NOW.minus(Duration.ofDays(30)), false, NOW)).isTrue();
    }

    @Test
    void anAssetWithinItsPeriodIsKept() {
        assertThat(WEEK.removable(NOW.minus(Duration.ofDays(7)).plusSeconds(1), false, NOW)).isFalse();
        assertThat(WEEK.removable(NOW, false, NOW)).isFalse();
    }

    @Test
    void anAssetAManifestUsesIsKeptWhateverItsTimestampSays() {
        assertThat(WEEK.removable(null, false, NOW)).isFalse();
        assertThat(WEEK.removable(NOW.minus(Duration.ofDays(30)), true, NOW)).isFalse();
    }

    @Test
    void theCutoffIsOnePeriodBack() {
        assertThat(WEEK.cutoff(NOW)).isEqualTo(Instant.parse("2026-03-03T12:00:00Z"));
    }

    @Test
    void aZeroPeriodRemovesAtOnceAndANegativeOneIsRefused() {
        assertThat(new AssetRetention(Duration.ZERO, Duration.ZERO).removable(NOW, false, NOW)).isTrue();
        assertThatThrownBy(() -> new AssetRetention(Duration.ofDays(-1), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AssetRetention(Duration.ofDays(7), Duration.ofHours(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aManifestIsAnOrphanOnceItsTaskWasNotAnnouncedForTheWholeWait() {
        assertThat(WEEK.orphanCutoff(NOW)).isEqualTo(Instant.parse("2026-03-10T11:00:00Z"));
    }
}
