package cloud.yuntu.agent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The Kafka cluster, prefix {@code kafka} as in every Yuntu service (env KAFKA_BOOTSTRAP_SERVERS). */
@ConfigMapping(prefix = "kafka")
public interface KafkaConfig {

    /** Comma-separated host:port list of brokers. */
    @WithName("bootstrap.servers")
    @WithDefault("localhost:9092")
    String bootstrapServers();
}
