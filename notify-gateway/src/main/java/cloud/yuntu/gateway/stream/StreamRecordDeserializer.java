package cloud.yuntu.gateway.stream;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Reads {@code farm.user-streams}, which the gateway replicas write for each other. */
public class StreamRecordDeserializer extends ObjectMapperDeserializer<StreamRecord> {

    public StreamRecordDeserializer() {
        super(StreamRecord.class);
    }
}
