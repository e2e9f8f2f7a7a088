package cloud.yuntu.agent.job;

import static cloud.yuntu.agent.job.LastDelivery.Disposal.HAND_BACK;
import static cloud.yuntu.agent.job.LastDelivery.Disposal.RELEASE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A job the agent cannot run now: released to the share group, or handed back on the last delivery the broker allows. */
class LastDeliveryTest {

    @Test
    void beforeTheLastDeliveryAnotherAgentGetsTheJob() {
        for (short count = 1; count < 5; count++) {
            assertThat(LastDelivery.of(Optional.of(count), 5)).as("delivery %d of 5", count).isEqualTo(RELEASE);
        }
    }

    @Test
    void onTheLastDeliveryAReleaseWouldHaveTheBrokerArchiveItSoItIsHandedBack() {
        assertThat(LastDelivery.of(Optional.of((short) 5), 5)).isEqualTo(HAND_BACK);
        // a broker allowing more deliveries than the agent assumes: handed back earlier than needed, nothing lost
        assertThat(LastDelivery.of(Optional.of((short) 7), 5)).isEqualTo(HAND_BACK);
        // the broker's smallest limit: the second delivery is already the last
        assertThat(LastDelivery.of(Optional.of((short) 2), 2)).isEqualTo(HAND_BACK);
        assertThat(LastDelivery.of(Optional.of((short) 1), 2)).isEqualTo(RELEASE);
    }

    @Test
    void anUnknownDeliveryCountIsReleasedAsBefore() {
        assertThat(LastDelivery.of(Optional.empty(), 5)).isEqualTo(RELEASE);
    }

    @Test
    void theReasonSaysWhoCouldNotRunItWhyAndOnWhichDelivery() {
        assertThat(LastDelivery.reason("node-7", "no free slot", (short) 5, 5))
                .isEqualTo("agent node-7 cannot run it (no free slot) on delivery 5 of 5 "
                        + "(group.share.delivery.count.limit): a release would have the broker archive the job");
    }
}
