package cloud.yuntu.task.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.platform.problem.ProblemException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskQuotaTest {

    private final TaskQuota quota = new TaskQuota(20, 100_000, Duration.ofMinutes(1));

    @Test
    void tasksUpToTheLimitPass() {
        assertThat(quota.refuseAnotherTask(0)).isEmpty();
        assertThat(quota.refuseAnotherTask(19)).isEmpty();
    }

    @Test
    void oneTaskBeyondTheLimitIsTooManyWithRetryAfter() {
        ProblemException refusal = quota.refuseAnotherTask(20).orElseThrow();
        assertThat(refusal.status()).isEqualTo(429);
        assertThat(refusal.retryAfter()).contains(Duration.ofMinutes(1));
        assertThat(refusal.problem().detail()).contains("20 active tasks");
        assertThat(quota.refuseAnotherTask(57)).isPresent();
    }

    @Test
    void framesUpToTheLimitPass() {
        assertThat(quota.refuseFrames(1)).isEmpty();
        assertThat(quota.refuseFrames(100_000)).isEmpty();
    }

    @Test
    void framesBeyondTheLimitAreRefusedNamingTheField() {
        ProblemException refusal = quota.refuseFrames(100_001).orElseThrow();
        assertThat(refusal.status()).isEqualTo(429);
        assertThat(refusal.problem().errors()).singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("frames"))
                .satisfies(e -> assertThat(e.message()).contains("100001").contains("at most 100000"));
    }

    @Test
    void aQuotaAllowingNothingIsRefused() {
        assertThatThrownBy(() -> new TaskQuota(0, 10, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TaskQuota(1, 0, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
