package cloud.yuntu.task.scene;

import cloud.yuntu.contracts.scene.SceneAnalysisResult;
import cloud.yuntu.task.lifecycle.TaskAnalysis;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** scene-service's answers from {@code farm.scene-results}, group task-service: they complete ANALYSING tasks. */
@ApplicationScoped
public class SceneResultConsumer {

    private static final Logger LOG = Logger.getLogger(SceneResultConsumer.class);

    private final TaskAnalysis analysis;

    public SceneResultConsumer(TaskAnalysis analysis) {
        this.analysis = analysis;
    }

    @Incoming("scene-results")
    public Uni<Void> consume(ConsumerRecord<String, SceneAnalysisResult> record) {
        SceneAnalysisResult result = record.value();
        if (result == null) {
            LOG.warnf("Skipping an unreadable scene result at %s-%d@%d", record.topic(), record.partition(), record.offset());
            return Uni.createFrom().voidItem();
        }
        // Skipping an answer would leave its task ANALYSING for good; while the database is away the
        // partition waits instead. A redelivered answer is harmless (ProcessedEvents).
        return analysis.apply(result)
                .onFailure().invoke(e -> LOG.warnf("Scene result %s not applied yet: %s", result.id(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }
}
