package cloud.yuntu.contracts.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serializer for every event record of the contracts. */
public class EventSerializer<T> implements Serializer<T> {

    @Override
    public byte[] serialize(String topic, T event) {
        if (event == null) {
            return null;
        }
        try {
            return FarmJson.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new SerializationException("Cannot write " + event.getClass().getSimpleName() + " for " + topic, e);
        }
    }
}
