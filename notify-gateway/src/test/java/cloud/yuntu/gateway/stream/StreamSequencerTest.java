package cloud.yuntu.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.Topics;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
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

        sequencer.taskEvents(polled(batch)).await().atMost(Duration.ofSeconds(120));

        assertThat(log.lastSeqs(List.of(StreamIds.user(user))).await().atMost(Duration.ofSeconds(30)))
                .containsEntry(StreamIds.user(user), 2_000L);
    }

    @Test
    void anEventTheDatabaseRefusesDoesNotHoldBackTheOthersOfItsPoll() {
        String user = "eve-" + UUID.randomUUID();
        UUID task = UUID.randomUUID();
        List<TaskEvent> batch = new ArrayList<>();
        for (int done = 1; done <= 4; done++) {
            // The second names an owner PostgreSQL cannot store (a NUL in a text): its whole transaction fails.
            String owner = done == 2 ? "eve-\u0000" : user;
            batch.add(new TaskProgress(UUID.randomUUID(), Instant.now(), task, owner, done, 0, 4, 25.0 * done, null,
                    new Cost(BigDecimal.ZERO, "CNY")));
        }

        sequencer.taskEvents(polled(batch)).await().atMost(Duration.ofSeconds(60));

        List<StreamRecord> numbered = log.after(StreamIds.user(user), 0, Long.MAX_VALUE, 10).await().atMost(Duration.ofSeconds(30));
        assertThat(numbered).extracting(StreamRecord::eventId).as("the others, in their order, once")
                .containsExactly(batch.get(0).id(), batch.get(2).id(), batch.get(3).id());
        assertThat(numbered).extracting(StreamRecord::seq).containsExactly(1L, 2L, 3L);
    }

    /** The events as one poll of farm.task-events returns them, one partition, in order. */
    private static ConsumerRecords<String, TaskEvent> polled(List<TaskEvent> events) {
        List<ConsumerRecord<String, TaskEvent>> records = new ArrayList<>();
        for (TaskEvent event : events) {
            records.add(new ConsumerRecord<>(Topics.TASK_EVENTS, 0, records.size(), event.taskId().toString(), event));
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition(Topics.TASK_EVENTS, 0), records), Map.of());
    }
}
