package cloud.yuntu.gateway.stream;

import java.time.Instant;
import java.util.UUID;

/**
 * One numbered event of one stream, as kept in {@code gateway.stream_event} and as the gateway
 * replicas hand it to each other on {@code farm.user-streams} (keyed by {@code stream}, so a
 * stream's records stay in order on one partition).
 *
 * @param stream  {@code user:<id>} or {@code farm} ({@link StreamIds})
 * @param epoch   the stream's epoch; numbering starts over when it changes
 * @param seq     1 for the stream's first event, +1 for each next one
 * @param eventId the farm event's id
 * @param event   the envelope's event name, e.g. {@code task:progress}
 * @param taskId  the task it concerns, null for notifications
 * @param data    the event JSON exactly as on the farm's Kafka wire
 * @param ts      when the gateway numbered it
 */
public record StreamRecord(String stream, UUID epoch, long seq, UUID eventId, String event, UUID taskId, String data,
        Instant ts) {
}
