package cloud.yuntu.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Numbering against the real database: once per event and stream, without gaps under concurrency. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class StreamLogTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    StreamLog log;

    @Inject
    Pool pool;

    @Test
    void everyStatementIsPlannedWithItsParametersNotWithAPlanKeptFromWhenTheTablesWereSmall() {
        String mode = pool.query("SHOW plan_cache_mode").execute().await().atMost(WAIT).iterator().next().getString(0);

        assertThat(mode).isEqualTo("force_custom_plan");
    }

    @Test
    void anEventIsNumberedInItsOwnersStreamAndTheFarmsAndOnceOnly() {
        String user = "ann-" + UUID.randomUUID();
        Push first = Push.of(note(user, "first"));
        Push second = Push.of(note(user, "second"));
        long farmBefore = head(StreamIds.FARM).lastSeq();

        List<StreamRecord> numbered = append(List.of(first, second));
        assertThat(numbered).filteredOn(r -> r.stream().equals(StreamIds.user(user)))
                .extracting(StreamRecord::seq, StreamRecord::eventId)
                .containsExactly(tuple(1L, first.eventId()),
                        tuple(2L, second.eventId()));
        assertThat(numbered).filteredOn(r -> r.stream().equals(StreamIds.FARM)).hasSize(2)
                .allSatisfy(r -> assertThat(r.seq()).isGreaterThan(farmBefore));

        // Redelivered, alone or with a new one: the same numbers again, and only the new one is numbered.
        Push third = Push.of(note(user, "third"));
        List<StreamRecord> again = append(List.of(second, first, third));
        assertThat(again).filteredOn(r -> r.stream().equals(StreamIds.user(user)))
                .extracting(StreamRecord::seq).containsExactly(1L, 2L, 3L);
        assertThat(head(StreamIds.user(user)).lastSeq()).isEqualTo(3);
    }

    @Test
    void concurrentBatchesNumberAStreamWithoutGapsOrRepeats() {
        String user = "bea-" + UUID.randomUUID();
        List<Uni<List<StreamRecord>>> batches = new ArrayList<>();
        for (int b = 0; b < 8; b++) {
            batches.add(log.append(IntStream.range(0, 25).mapToObj(i -> Push.of(note(user, "n" + i))).toList()));
        }
        List<List<StreamRecord>> all = Uni.join().all(batches).andFailFast().await().atMost(WAIT);

        List<Long> seqs = all.stream().flatMap(List::stream).filter(r -> r.stream().equals(StreamIds.user(user)))
                .map(StreamRecord::seq).sorted().toList();
        assertThat(seqs).containsExactlyElementsOf(IntStream.rangeClosed(1, 200).mapToObj(Long::valueOf).toList());
        assertThat(log.after(StreamIds.user(user), 0, 200, 1000).await().atMost(WAIT)).hasSize(200);
    }

    @Test
    void aBroadcastIsNumberedInEveryStreamThatExists() {
        String carl = StreamIds.user("carl-" + UUID.randomUUID());
        String agent = StreamIds.agent("node-" + UUID.randomUUID());
        head(carl);
        head(agent);
        Push everyone = Push.of(note(null, "maintenance at 02:00"));

        List<StreamRecord> numbered = append(List.of(everyone));
        assertThat(numbered).extracting(StreamRecord::stream).contains(StreamIds.FARM, carl, agent);
        assertThat(log.after(carl, 0, 1, 10).await().atMost(WAIT)).singleElement()
                .satisfies(r -> assertThat(r.eventId()).isEqualTo(everyone.eventId()));
    }

    @Test
    void retentionKeepsTheNewestEventsOfEachStream() {
        String user = "dan-" + UUID.randomUUID();
        append(IntStream.range(0, 5).mapToObj(i -> Push.of(note(user, "n" + i))).toList());

        log.trim(Instant.now().minusSeconds(3600), 2).await().atMost(WAIT);
        assertThat(log.after(StreamIds.user(user), 0, 5, 10).await().atMost(WAIT)).extracting(StreamRecord::seq)
                .containsExactly(4L, 5L);
        assertThat(head(StreamIds.user(user)).lastSeq()).as("numbering goes on").isEqualTo(5);
    }

    @Test
    void numberingATasksEventsRecordsItsOwnerUntilTheTaskIsQuietForTheRetention() {
        String user = "eve-" + UUID.randomUUID();
        UUID task = UUID.randomUUID();
        UUID otherTask = UUID.randomUUID();
        assertThat(owner(task)).as("no event numbered yet").isNull();

        // Two events of one task in one batch, and one of another: one row each.
        append(List.of(Push.of(status(user, task, TaskStatus.SUBMITTED)), Push.of(status(user, task, TaskStatus.QUEUED)),
                Push.of(status("finn", otherTask, TaskStatus.SUBMITTED)), Push.of(note(user, "not a task's"))));
        assertThat(owner(task)).isEqualTo(user);
        assertThat(owner(otherTask)).isEqualTo("finn");

        log.trimOwners(Instant.now().minusSeconds(3600)).await().atMost(WAIT);
        assertThat(owner(task)).as("an event within the retention").isEqualTo(user);
        log.trimOwners(Instant.now().plusSeconds(60)).await().atMost(WAIT);
        assertThat(owner(task)).as("quiet for longer than the retention").isNull();

        append(List.of(Push.of(status(user, task, TaskStatus.RENDERING))));
        assertThat(owner(task)).as("its next event records it again").isEqualTo(user);
    }

    private String owner(UUID task) {
        return log.ownerOf(task).await().atMost(WAIT);
    }

    private static TaskStatusChanged status(String owner, UUID task, TaskStatus to) {
        return new TaskStatusChanged(UUID.randomUUID(), Instant.now(), task, owner, TaskStatus.SUBMITTED, to, null);
    }

    private List<StreamRecord> append(List<Push> pushes) {
        return log.append(pushes).await().atMost(WAIT);
    }

    private StreamHead head(String stream) {
        return log.open(stream).await().atMost(WAIT);
    }

    private static Notification note(String userId, String title) {
        return new Notification(UUID.randomUUID(), Instant.now(), userId, Notification.Level.INFO, title, "text of " + title,
                null, Notification.Kind.OPERATOR);
    }
}
