package cloud.yuntu.testsupport;

import cloud.yuntu.deploy.kafka.BrokerSettings;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * A real Kafka 4.2 broker (KRaft, one node, share groups on, random port) for a test JVM. It is
 * started once and shared by every Quarkus application the JVM boots; the process ends with the
 * JVM. Inject it with {@link InjectKafkaBroker} to restart it or read topics directly.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaBroker broker;

    public static synchronized KafkaBroker broker() {
        if (broker == null || !broker.isRunning() && !restartable()) {
            try {
                broker = KafkaBroker.start(Files.createTempDirectory("yuntu-kafka-"), 0, BrokerSettings.forTests());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (!broker.isRunning()) {
            // A test stopped it and failed before starting it again; the next one gets a working broker.
            broker.start();
        }
        return broker;
    }

    private static boolean restartable() {
        return broker != null;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", broker().bootstrapServers());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(broker(),
                new TestInjector.AnnotatedAndMatchesType(InjectKafkaBroker.class, KafkaBroker.class));
    }

    @Override
    public void stop() {
        // Shared by every application of this JVM; the process ends with the JVM.
    }
}
