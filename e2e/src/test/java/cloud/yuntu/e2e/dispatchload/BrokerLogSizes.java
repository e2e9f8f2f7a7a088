package cloud.yuntu.e2e.dispatchload;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * Bytes on the broker's disk per topic, as its log directories report them ({@code describeLogDirs}: the size of
 * every partition's log segments, internal topics such as the share groups' state and the consumer offsets
 * included). The difference of two readings is what a run made the broker write, before any retention or
 * compaction takes some of it away again.
 */
public final class BrokerLogSizes {

    private BrokerLogSizes() {
    }

    /** Bytes per topic on every broker of the cluster. */
    public static Map<String, Long> read(Admin admin) throws Exception {
        Map<String, Long> topics = new TreeMap<>();
        for (Node node : admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)) {
            Map<String, LogDirDescription> dirs = admin.describeLogDirs(java.util.List.of(node.id())).descriptions()
                    .get(node.id()).get(30, TimeUnit.SECONDS);
            for (LogDirDescription dir : dirs.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                    topics.merge(replica.getKey().topic(), replica.getValue().size(), Long::sum);
                }
            }
        }
        return topics;
    }

    /** What each topic grew by from {@code before} to {@code after}; topics that did not change are left out. */
    public static Map<String, Long> growth(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> grown = new TreeMap<>();
        after.forEach((topic, size) -> {
            long delta = size - before.getOrDefault(topic, 0L);
            if (delta != 0) {
                grown.put(topic, delta);
            }
        });
        return grown;
    }
}
