package cloud.yuntu.e2e.dispatchload;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group is behind, per topic: the records on the broker it has not committed yet. For
 * task-service's group it tells whether the service keeps up with the agents' heartbeats and frame events: one
 * that falls behind on heartbeats takes live agents for dead ones.
 */
public final class ConsumerLag {

    private ConsumerLag() {
    }

    /** Records behind per topic the group has committed offsets on. */
    public static Map<String, Long> of(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(committed.keySet().stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get(10, TimeUnit.SECONDS);
        Map<String, Long> lag = new TreeMap<>();
        committed.forEach((partition, offset) -> lag.merge(partition.topic(),
                Math.max(0, ends.get(partition).offset() - (offset == null ? 0 : offset.offset())), Long::sum));
        return lag;
    }
}
