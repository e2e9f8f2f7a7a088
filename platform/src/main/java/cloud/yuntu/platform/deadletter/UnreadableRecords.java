package cloud.yuntu.platform.deadletter;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Headers;

/**
 * A record one of our Kafka channels cannot deserialize becomes a {@link DeadLetters dead letter}, and
 * the channel receives null for it and goes on: one bad record must neither stop a consumer for good
 * nor vanish. Named on a channel as
 * {@code mp.messaging.incoming.<channel>.value-deserialization-failure-handler=dead-letters}.
 */
@ApplicationScoped
@Identifier(UnreadableRecords.NAME)
public class UnreadableRecords implements DeserializationFailureHandler<Object> {

    public static final String NAME = "dead-letters";

    private final DeadLetters letters;

    UnreadableRecords(DeadLetters letters) {
        this.letters = letters;
    }

    @Override
    public Object handleDeserializationFailure(String topic, boolean isKey, String deserializer, byte[] data,
            Exception exception, Headers headers) {
        // The key is not at hand here (a value handler sees only the value); the letter keeps the headers.
        letters.send(topic, DeadLetters.Reason.UNREADABLE, exception, null, data, headers);
        // The record then reaches its consumer with a null value and smallrye's deserialization-failure-*
        // headers (the interface's decorateDeserialization adds them before calling this), so a consumer for which null also
        // means a tombstone (heartbeats: the agent is gone) tells the two apart (UnreadableEventsTest).
        return null;
    }
}
