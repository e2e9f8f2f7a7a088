package cloud.yuntu.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.task.Cost;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskProgress;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Numbering a batch and handing its records to farm.user-streams, against the real broker and database. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class StreamSequencerTest {

    @Inject
    StreamSequencer sequencer;

    @Inject
    StreamLog log;

    @Test
    void aBatchOfMoreRecordsThanTheSinkHasInFlightIsHandedOverWhole() {
        // 2,000 events are 4,000 records (each in its owner's stream and the farm's): beyond the
        // Kafka sink's 1,024 in flight and the emitter's default buffer of 128.
        String user = "dee-" + UUID.randomUUID();
        UUID task = UUID.randomUUID();
        List<TaskEvent> batch = IntStream.rangeClosed(1, 2_000).<TaskEvent>mapToObj(done -> new TaskProgress(UUID.randomUUID(),
                Instant.now(), task, user, done, 0, 2_000, 100.0 * done / 2_000, null, new Cost(BigDecimal.ZERO, "CNY"))).toList();

        sequencer.taskEvents(batch).await().atMost(Duration.ofSeconds(120));

        assertThat(log.lastSeqs(List.of(StreamIds.user(user))).await().atMost(Duration.ofSeconds(30)))
                .containsEntry(StreamIds.user(user), 2_000L);
    }
}
