package cloud.yuntu.agent.job;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where a job's record sits in its lane: what recognises a record that comes back (renewed, or delivered again). */
record RecordPosition(String topic, int partition, long offset) {

    static RecordPosition of(ConsumerRecord<?, ?> record) {
        return new RecordPosition(record.topic(), record.partition(), record.offset());
    }
}
