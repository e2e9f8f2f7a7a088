package cloud.yuntu.e2e.pushload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;

/**
 * What the load client reads of one {@code /ws} message: its event name, its {@code seq} in the
 * user's stream (-1 for the gateway's answers, which have none), the pushed event's own
 * {@code data.time}, which the load sets when it puts the event on Kafka, and the envelope's
 * {@code ts}, when the gateway numbered it.
 */
record PushedEnvelope(String event, long seq, Instant eventTime, Instant numberedAt) {

    static final String ESTABLISHED = "connection:established";
    static final String RESYNC = "resync";
    static final String PROGRESS = "task:progress";

    private static final ObjectMapper JSON = new ObjectMapper();

    static PushedEnvelope parse(String text) {
        JsonNode envelope;
        try {
            envelope = JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + text, e);
        }
        return new PushedEnvelope(envelope.path("event").asText(""), envelope.path("seq").asLong(-1),
                instant(envelope.path("data").path("time")), instant(envelope.path("ts")));
    }

    private static Instant instant(JsonNode text) {
        return text.isTextual() ? Instant.parse(text.asText()) : null;
    }

    /** Microseconds from the event's own time to {@code receivedAt}: the push's latency on one clock. */
    long latencyMicros(Instant receivedAt) {
        return micros(eventTime, receivedAt);
    }

    /** Microseconds from the event's own time until the gateway numbered it (Kafka in, the database). */
    long toNumberedMicros() {
        return micros(eventTime, numberedAt);
    }

    static long micros(Instant from, Instant to) {
        return (to.getEpochSecond() - from.getEpochSecond()) * 1_000_000 + (to.getNano() - from.getNano()) / 1_000;
    }
}
