package cloud.yuntu.agent.job;

import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Reads a share consumer's own network metrics to tell that its connections to the cluster were
 * closed and are open again, the trace a broker restart leaves on the client. An idle connection
 * closed by {@code connections.max.idle.ms} looks the same; replacing an idle consumer then is
 * harmless.
 */
final class BrokerLink {

    private BrokerLink() {
    }

    static boolean droppedAndRestored(KafkaShareConsumer<?, ?> consumer) {
        Map<MetricName, ? extends Metric> metrics = consumer.metrics();
        return value(metrics, "connection-close-total") > 0 && value(metrics, "connection-count") > 0;
    }

    private static double value(Map<MetricName, ? extends Metric> metrics, String name) {
        double sum = 0;
        for (var entry : metrics.entrySet()) {
            // Only the client's network selector reports these names (group consumer-metrics in 4.2).
            if (entry.getKey().name().equals(name) && entry.getValue().metricValue() instanceof Number number) {
                sum += number.doubleValue();
            }
        }
        return sum;
    }
}
