package cloud.yuntu.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OverdueHeadsTest {

    private final OverdueHeads heads = new OverdueHeads();

    @Test
    void theFirstCheckHoldsNobodyToAHeadThatMayStillBeOnItsWay() {
        assertThat(heads.next(Map.of("user:alice", 7L, "farm", 30L))).isEmpty();
    }

    @Test
    void eachCheckHoldsConnectionsToTheHeadsOfThePreviousOne() {
        heads.next(Map.of("user:alice", 7L, "farm", 30L));

        assertThat(heads.next(Map.of("user:alice", 9L, "farm", 30L))).isEqualTo(Map.of("user:alice", 7L, "farm", 30L));
        assertThat(heads.next(Map.of("user:alice", 12L, "farm", 31L))).isEqualTo(Map.of("user:alice", 9L, "farm", 30L));
    }

    @Test
    void aStreamNoLongerFollowedIsForgottenAndANewOneWaitsOneCheck() {
        heads.next(Map.of("user:alice", 7L));
        heads.next(Map.of("user:bob", 3L));

        assertThat(heads.next(Map.of("user:alice", 8L, "user:bob", 4L))).isEqualTo(Map.of("user:bob", 3L));
    }
}
