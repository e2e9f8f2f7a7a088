package cloud.yuntu.contracts.json;

import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer for one event type (a record or a sealed family such as
 * {@link cloud.yuntu.contracts.frame.FrameEvent}); subclass it per type so the class can be
 * named in Kafka configuration. A tombstone reads as null.
 */
public class EventDeserializer<T> implements Deserializer<T> {

    private final Class<T> type;

    public EventDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return FarmJson.mapper().readValue(data, type);
        } catch (IOException e) {
            throw new SerializationException("Not a " + type.getSimpleName() + " on " + topic + ": " + e.getMessage(), e);
        }
    }
}
