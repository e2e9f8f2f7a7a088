package cloud.yuntu.gateway.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaLivenessTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static ReplicaSnapshot publishedAt(Instant at) {
        return new ReplicaSnapshot("r", "h", NOW.minusSeconds(3600), at, 0, List.of(), 0, 0, 0, 0, 0, ClosedCounts.NONE);
    }

    @Test
    void staleAfterIsTheMissedPublicationsTimesTheInterval() {
        assertThat(ReplicaLiveness.staleAfter(Duration.ofSeconds(2), 3)).isEqualTo(Duration.ofSeconds(6));
        assertThat(ReplicaLiveness.staleAfter(Duration.ofMillis(500), 1)).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> ReplicaLiveness.staleAfter(Duration.ofSeconds(2), 0))
                .hasMessageContaining("missed-publications");
    }

    @Test
    void aSnapshotIsLiveUpToStaleAfterAndNotAMillisecondLonger() {
        Duration staleAfter = Duration.ofSeconds(6);
        assertThat(ReplicaLiveness.live(publishedAt(NOW), NOW, staleAfter)).isTrue();
        assertThat(ReplicaLiveness.live(publishedAt(NOW.minusSeconds(6)), NOW, staleAfter)).isTrue();
        assertThat(ReplicaLiveness.live(publishedAt(NOW.minusSeconds(6).minusMillis(1)), NOW, staleAfter)).isFalse();
        assertThat(ReplicaLiveness.live(publishedAt(NOW.minusSeconds(3600)), NOW, staleAfter)).isFalse();
    }

    @Test
    void aSnapshotFromTheDatabasesNearFutureIsLive() {
        // Published between the read's now() and the row being read (another transaction): not stale.
        assertThat(ReplicaLiveness.live(publishedAt(NOW.plusMillis(5)), NOW, Duration.ofSeconds(6))).isTrue();
    }
}
