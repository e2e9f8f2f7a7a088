package cloud.yuntu.task.scene;

import cloud.yuntu.contracts.scene.SceneAnalysisResult;
import cloud.yuntu.task.lifecycle.TaskAnalysis;
import cloud.yuntu.platform.deadletter.DeadLetters;
import cloud.yuntu.platform.deadletter.Poison;
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

    private final DeadLetters deadLetters;
    private final TaskAnalysis analysis;

    public SceneResultConsumer(TaskAnalysis analysis, DeadLetters deadLetters) {
        this.analysis = analysis;
        this.deadLetters = deadLetters;
    }

    @Incoming("scene-results")
    public Uni<Void> consume(ConsumerRecord<String, SceneAnalysisResult> record) {
        SceneAnalysisResult result = record.value();
        if (result == null) {
            LOG.warnf("Skipping an unreadable scene result at %s-%d@%d", record.topic(), record.partition(), record.offset());
            return Uni.createFrom().voidItem();
        }
        // Skipping an answer would leave its task ANALYSING for good; while the database is away the
        // partition waits instead; one that can never be applied (Poison) becomes a dead letter. A redelivered answer is harmless (ProcessedEvents).
        LOG.debugf("Scene result %s for task %s at %s-%d@%d", result.id(), result.taskId(), record.topic(),
                record.partition(), record.offset());
        return analysis.apply(result)
                .onFailure(Poison::is).recoverWithUni(e -> deadLetters.unprocessable(record, e))
                .onFailure().invoke(e -> LOG.warnf("Scene result %s not applied yet: %s", result.id(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }
}
