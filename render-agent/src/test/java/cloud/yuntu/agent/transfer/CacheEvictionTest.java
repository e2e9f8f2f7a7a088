package cloud.yuntu.agent.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.agent.transfer.CacheEviction.CachedFile;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheEvictionTest {

    private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void theLeastRecentlyUsedGoFirstUntilTheRestFits() {
        CachedFile old = new CachedFile("old", 40, T, false);
        CachedFile middle = new CachedFile("middle", 40, T.plusSeconds(60), false);
        CachedFile fresh = new CachedFile("fresh", 40, T.plusSeconds(120), false);
        assertThat(CacheEviction.toEvict(List.of(fresh, old, middle), 80)).containsExactly(old);
        assertThat(CacheEviction.toEvict(List.of(fresh, old, middle), 79)).containsExactly(old, middle);
        assertThat(CacheEviction.toEvict(List.of(fresh, old, middle), 120)).isEmpty();
    }

    @Test
    void aFileARunningJobUsesStaysEvenIfTheCacheStaysAboveItsLimit() {
        CachedFile inUse = new CachedFile("in-use", 100, T, true);
        CachedFile idle = new CachedFile("idle", 10, T.plusSeconds(5), false);
        assertThat(CacheEviction.toEvict(List.of(inUse, idle), 50)).containsExactly(idle);
        assertThat(CacheEviction.toEvict(List.of(inUse), 0)).isEmpty();
    }
}
