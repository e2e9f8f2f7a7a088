package cloud.yuntu.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** When a lane's consumers are polled, and which one waits for the next job. */
class LaneMemberTest {

    private static final Duration RENEW = Duration.ofSeconds(5);
    private static final long SECOND = 1_000_000_000L;
    private static final RecordPosition A = new RecordPosition("farm.frame-jobs.cpu.arnold", 0, 7);
    private static final RecordPosition B = new RecordPosition("farm.frame-jobs.cpu.arnold", 0, 8);

    private static LaneMember member(long polledAt, boolean gotRecords, RecordPosition... held) {
        LaneMember member = new LaneMember(null, 0);
        member.polled(gotRecords);
        member.served(polledAt);
        for (RecordPosition position : held) {
            member.hold(position);
        }
        return member;
    }

    @Test
    void aHolderIsPolledWhenItsLocksNeedRenewing() {
        LaneMember holder = member(0, true, A);

        assertThat(holder.due(4 * SECOND, RENEW, p -> false)).isFalse();
        assertThat(holder.due(5 * SECOND, RENEW, p -> false)).isTrue();
        assertThat(holder.untilRenewal(4 * SECOND, RENEW)).isEqualTo(SECOND);
        assertThat(holder.untilRenewal(6 * SECOND, RENEW)).isZero();
    }

    @Test
    void aHolderIsPolledAtOnceWhenOneOfItsJobsEnded() {
        LaneMember holder = member(0, true, A, B);

        assertThat(holder.due(SECOND, RENEW, Set.of(B)::contains)).isTrue();
        assertThat(holder.due(SECOND, RENEW, Set.of()::contains)).isFalse();
    }

    @Test
    void aConsumerHoldingNothingIsNeverDueAndNeedsNoRenewal() {
        LaneMember empty = member(0, true, A);
        empty.forget(A);

        assertThat(empty.holds()).isFalse();
        assertThat(empty.due(60 * SECOND, RENEW, p -> true)).isFalse();
        assertThat(empty.untilRenewal(0, RENEW)).isEqualTo(Long.MAX_VALUE);
        assertThat(LaneMember.untilNextRenewal(List.of(empty), 0, RENEW)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void theSoonestRenewalOfAnyHolderBoundsTheWait() {
        assertThat(LaneMember.untilNextRenewal(List.of(member(0, true, A), member(3 * SECOND, true, B)), 4 * SECOND,
                RENEW)).isEqualTo(SECOND);
    }

    @Test
    void theConsumerAlreadyAskingForJobsKeepsWaitingBeforeASpareIsWoken() {
        LaneMember holder = member(0, true, A);
        LaneMember spare = member(0, true);
        LaneMember asking = member(0, false);

        assertThat(asking.fetching()).isTrue();
        assertThat(spare.fetching()).isFalse();
        assertThat(LaneMember.taker(List.of(holder, spare, asking))).isSameAs(asking);
        assertThat(LaneMember.taker(List.of(holder, spare))).isSameAs(spare);
    }

    @Test
    void aJobJustTakenStaysInHandUntilItIsDueAndIsAcknowledgedOnce() {
        LaneMember taker = member(0, true);
        taker.keepInHand(new ConsumerRecord<>(A.topic(), A.partition(), A.offset(), "task", new byte[0]));

        assertThat(taker.holds()).isTrue();
        assertThat(taker.due(SECOND, RENEW, p -> false)).as("nothing to do while it runs").isFalse();
        assertThat(taker.due(SECOND, RENEW, Set.of(A)::contains)).as("its outcome is in").isTrue();
        assertThat(taker.takeInHand()).extracting(ConsumerRecord::offset).containsExactly(7L);
        assertThat(taker.takeInHand()).isEmpty();
    }

    @Test
    void aRecordGivenUpLeavesTheHandToo() {
        LaneMember taker = member(0, true);
        taker.keepInHand(new ConsumerRecord<>(A.topic(), A.partition(), A.offset(), "task", new byte[0]));

        taker.forget(A);

        assertThat(taker.holds()).isFalse();
        assertThat(taker.takeInHand()).isEmpty();
    }

    @Test
    void aConsumerHoldingAJobNeverWaitsForTheNext() {
        assertThat(LaneMember.taker(List.of(member(0, false, A)))).isNull();
        assertThat(LaneMember.taker(List.of())).isNull();
    }
}
