package cloud.yuntu.e2e.pushload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryTallyTest {

    private static final Instant SENT = Instant.parse("2026-12-03T12:00:00.000100Z");
    private static final Instant NUMBERED = Instant.parse("2026-12-03T12:00:00.004100Z");

    private static String progress(long seq) {
        return "{\"event\":\"task:progress\",\"data\":{\"type\":\"task.progress.v1\",\"id\":\"5b0e1c1e-8f2a-4c51-9d7e-1f0c2a3b4c5d\","
                + "\"time\":\"" + SENT + "\",\"taskId\":\"0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9\",\"userId\":\"load-user-1\","
                + "\"framesDone\":3,\"framesFailed\":0,\"framesTotal\":1000000,\"percent\":3.0E-4,\"etaSeconds\":null,"
                + "\"costSoFar\":{\"amount\":0.0003,\"currency\":\"CNY\"}},\"seq\":" + seq + ",\"ts\":\"" + NUMBERED + "\"}";
    }

    @Test
    void anEventIsTimedFromItsOwnTimeAndFromWhenTheGatewayNumberedIt() {
        DeliveryTally tally = new DeliveryTally(null);

        long at = tally.streamMessage(PushedEnvelope.parse(progress(42)), 41, SENT.plusMillis(12));

        assertThat(at).isEqualTo(42);
        assertThat(tally.delivered()).isEqualTo(1);
        assertThat(tally.latencies().maxMillis()).isEqualTo(12.0);
        assertThat(tally.toNumbered().maxMillis()).isEqualTo(4.0);
        assertThat(tally.takeWindow().count()).isEqualTo(1);
        assertThat(tally.takeWindow().count()).isZero();
    }

    @Test
    void skippedAndRepeatedNumbersAndResyncsAreCounted() {
        DeliveryTally tally = new DeliveryTally(null);
        long at = tally.streamMessage(PushedEnvelope.parse(progress(5)), 1, SENT);
        at = tally.streamMessage(PushedEnvelope.parse(progress(5)), at, SENT);
        at = tally.streamMessage(PushedEnvelope.parse(
                "{\"event\":\"resync\",\"data\":{\"seq\":9,\"reason\":\"events after seq 5 are no longer kept\"},\"seq\":9,\"ts\":\""
                        + NUMBERED + "\"}"), at, SENT);
        tally.streamMessage(PushedEnvelope.parse("{\"event\":\"pong\",\"ts\":\"" + NUMBERED + "\"}"), at, SENT);

        assertThat(at).isEqualTo(9);
        assertThat(tally.delivered()).isEqualTo(1);
        assertThat(tally.skipped()).isEqualTo(3);
        assertThat(tally.repeated()).isEqualTo(1);
        assertThat(tally.resyncs()).isEqualTo(1);
        assertThat(tally.others()).isEqualTo(1);
    }

    @Test
    void anEventOfAnEarlierPhaseMovesTheConnectionOnButIsCountedApart() {
        DeliveryTally tally = new DeliveryTally(SENT.plusNanos(1_000));

        long at = tally.streamMessage(PushedEnvelope.parse(progress(3)), 1, SENT.plusSeconds(9));

        assertThat(at).isEqualTo(3);
        assertThat(tally.earlier()).isEqualTo(1);
        assertThat(tally.skipped()).isEqualTo(1);
        assertThat(tally.delivered()).isZero();
        assertThat(tally.latencies().count()).isZero();
    }

    @Test
    void closesAreCountedByCode() {
        DeliveryTally tally = new DeliveryTally(null);
        tally.closed(1013);
        tally.closed(1013);
        tally.closed(-1);

        assertThat(tally.closes()).isEqualTo(Map.of(-1, 1L, 1013, 2L));
    }
}
