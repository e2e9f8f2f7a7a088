package cloud.yuntu.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LimiterTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void eachKeyHasABucketOfItsOwn() {
        Limiter limiter = new Limiter(2, 1, 100, now::get);

        assertThat(limiter.take("alice")).isZero();
        assertThat(limiter.take("alice")).isZero();
        assertThat(limiter.take("alice")).isEqualTo(Duration.ofSeconds(1));
        // Alice's flood costs Bob nothing.
        assertThat(limiter.take("bob")).isZero();
        assertThat(limiter.take("bob")).isZero();
    }

    @Test
    void memoryStaysBoundedForgettingFullBucketsFirst() {
        Limiter limiter = new Limiter(2, 1, 3, now::get);
        limiter.take("busy");
        limiter.take("busy");
        limiter.take("b");
        limiter.take("c");
        now.addAndGet(1_500_000_000L);
        // "b" and "c" are full again, "busy" is not: they go, it stays.
        limiter.take("d");

        assertThat(limiter.size()).isEqualTo(2);
        assertThat(limiter.take("busy")).isZero();
        assertThat(limiter.take("busy")).isPositive();
    }

    @Test
    void whenNoBucketIsFullTheLeastRecentlyUsedIsForgotten() {
        Limiter limiter = new Limiter(1, 1, 2, now::get);
        limiter.take("old");
        limiter.take("recent");
        limiter.take("new");

        assertThat(limiter.size()).isEqualTo(2);
        assertThat(limiter.take("recent")).isPositive();
        assertThat(limiter.take("new")).isPositive();
    }

    @Test
    void retryAfterIsRoundedUpToWholeSeconds() {
        assertThat(RequestLimits.wholeSeconds(Duration.ofMillis(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(RequestLimits.wholeSeconds(Duration.ofMillis(1500))).isEqualTo(Duration.ofSeconds(2));
        assertThat(RequestLimits.wholeSeconds(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }
}
