package cloud.yuntu.gateway.push;

import static cloud.yuntu.gateway.push.TaskEvents.notification;
import static cloud.yuntu.gateway.push.TaskEvents.progress;
import static cloud.yuntu.gateway.push.TaskEvents.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.FarmEvent;
import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.gateway.stream.Push;
import cloud.yuntu.gateway.stream.StreamIds;
import cloud.yuntu.gateway.stream.StreamLog;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A client that comes back: it names the last seq it saw and its stream's epoch, and gets what it
 * missed exactly once and in order, or {@code resync} when that is impossible. Against the real
 * broker and database; the stream is read back through {@link StreamLog} to know when events
 * were numbered while no client was connected.
 */
@QuarkusTest
class StreamResumeTest extends LiveFeedTest {

    @Inject
    StreamLog log;

    @Test
    void aClientThatComesBackWithItsLastSeqGetsEveryMissedEventOnceAndInOrder() throws Exception {
        String user = "rita-" + UUID.randomUUID();
        UUID task = UUID.randomUUID();
        String epoch;
        long seen;
        try (PushClient first = PushClient.connect(server, tokens.user(user), "")) {
            JsonNode greeting = first.greeting();
            epoch = greeting.get("data").get("epoch").asText();
            events.publish(status(user, task, TaskStatus.SUBMITTED, TaskStatus.QUEUED));
            events.publish(status(user, task, TaskStatus.QUEUED, TaskStatus.RENDERING));
            first.next();
            seen = first.next().get("seq").asLong();
        }
        // Away: three events are numbered while no connection of the user is open (one task's, so
        // their order is the topic's; events of different topics have no order between them).
        List<FarmEvent> missed = List.of(progress(user, task, 1, 4), progress(user, task, 2, 4), progress(user, task, 3, 4));
        for (FarmEvent event : missed) {
            publish(event);
        }
        awaitNumbered(user, seen + missed.size());

        try (PushClient back = PushClient.connect(server, tokens.user(user), "lastSeq=" + seen + "&epoch=" + epoch)) {
            assertThat(back.greeting().get("seq").asLong()).as("events continue after the client's lastSeq").isEqualTo(seen);
            for (int i = 0; i < missed.size(); i++) {
                JsonNode replayed = back.next();
                assertThat(replayed.get("seq").asLong()).isEqualTo(seen + 1 + i);
                assertThat(replayed.get("data").get("id").asText()).isEqualTo(missed.get(i).id().toString());
            }
            TaskEvent live = progress(user, task, 4, 4);
            events.publish(live);
            JsonNode next = back.next();
            assertThat(next.get("seq").asLong()).isEqualTo(seen + missed.size() + 1);
            assertThat(next.get("data").get("id").asText()).isEqualTo(live.id().toString());
            assertThat(back.poll(QUIET)).as("nothing twice").isNull();
        }
    }

    @Test
    void aClientOfAnotherEpochOrFromBeyondTheStreamIsToldToResync() throws Exception {
        String user = "sam-" + UUID.randomUUID();
        String epoch;
        try (PushClient first = PushClient.connect(server, tokens.user(user), "")) {
            epoch = first.greeting().get("data").get("epoch").asText();
        }
        UUID otherEpoch = UUID.randomUUID();
        try (PushClient stale = PushClient.connect(server, tokens.user(user), "lastSeq=3&epoch=" + otherEpoch)) {
            JsonNode resync = stale.next();
            assertThat(resync.get("event").asText()).isEqualTo("resync");
            assertThat(resync.get("data").get("reason").asText())
                    .isEqualTo("the stream started over: epoch " + epoch + " follows " + otherEpoch);
            assertThat(resync.get("seq").asLong()).isZero();
        }
        try (PushClient future = PushClient.connect(server, tokens.user(user), "lastSeq=999&epoch=" + epoch)) {
            assertThat(future.next().get("data").get("reason").asText()).isEqualTo("lastSeq 999 is beyond the stream's last seq 0");
        }
    }

    @Test
    void aClientWhoseMissedEventsAreNoLongerKeptIsToldToResync() throws Exception {
        String user = "tom-" + UUID.randomUUID();
        String epoch;
        try (PushClient first = PushClient.connect(server, tokens.user(user), "")) {
            epoch = first.greeting().get("data").get("epoch").asText();
        }
        events.publish(notification(user, "one"));
        events.publish(notification(user, "two"));
        awaitNumbered(user, 2);
        // Retention passes over everything numbered so far.
        log.trim(Instant.now().plusSeconds(60), 10_000).await().atMost(Duration.ofSeconds(30));

        try (PushClient back = PushClient.connect(server, tokens.user(user), "lastSeq=0&epoch=" + epoch)) {
            JsonNode resync = back.next();
            assertThat(resync.get("event").asText()).isEqualTo("resync");
            assertThat(resync.get("data").get("reason").asText()).isEqualTo("events after seq 0 are no longer kept");
            assertThat(resync.get("seq").asLong()).isEqualTo(2);
            Notification after = notification(user, "three");
            events.publish(after);
            assertThat(back.next().get("seq").asLong()).isEqualTo(3);
        }
    }

    /**
     * An event numbered but never handed to this replica (a publication lost in a crash) reaches its
     * connection before the next one, whichever comes first: the next record revealing the gap, or
     * the replica's check of its streams' heads.
     */
    @Test
    void aRecordThatNeverReachedTheReplicaIsReadFromTheStreamInOrder() throws Exception {
        String user = "uma-" + UUID.randomUUID();
        try (PushClient client = PushClient.connect(server, tokens.user(user), "")) {
            long base = client.greeting().get("seq").asLong();
            Notification lost = notification(user, "numbered, never published");
            log.append(List.of(Push.of(lost))).await().atMost(Duration.ofSeconds(30));
            Notification next = notification(user, "published");
            events.publish(next);

            JsonNode first = client.next();
            JsonNode second = client.next();
            assertThat(first.get("seq").asLong()).isEqualTo(base + 1);
            assertThat(first.get("data").get("id").asText()).isEqualTo(lost.id().toString());
            assertThat(second.get("seq").asLong()).isEqualTo(base + 2);
            assertThat(second.get("data").get("id").asText()).isEqualTo(next.id().toString());
        }
    }

    /** With no record after it, the replica's check of its streams' heads still brings it (within two checks, 10 s). */
    @Test
    void aLastRecordThatNeverReachedTheReplicaArrivesAllTheSame() throws Exception {
        String user = "val-" + UUID.randomUUID();
        try (PushClient client = PushClient.connect(server, tokens.user(user), "")) {
            long base = client.greeting().get("seq").asLong();
            Notification lost = notification(user, "numbered, never published, and nothing after it");
            log.append(List.of(Push.of(lost))).await().atMost(Duration.ofSeconds(30));

            JsonNode arrived = client.next();
            assertThat(arrived.get("seq").asLong()).isEqualTo(base + 1);
            assertThat(arrived.get("data").get("id").asText()).isEqualTo(lost.id().toString());
        }
    }

    @Test
    void aResumeThatCannotBeUnderstoodIsRefusedSayingWhy() throws Exception {
        try (PushClient client = PushClient.connect(server, tokens.user("vic"), "lastSeq=ten&epoch=" + UUID.randomUUID())) {
            PushClient.Closed closed = client.awaitClose();
            assertThat(closed.code()).isEqualTo((short) 1008);
            assertThat(closed.reason()).isEqualTo("lastSeq is not a whole number of 0 or more: ten");
        }
    }

    private void awaitNumbered(String user, long lastSeq) {
        await().atMost(PushClient.PATIENCE).pollInterval(Duration.ofMillis(100)).until(() ->
                log.open(StreamIds.user(user)).await().atMost(Duration.ofSeconds(10)).lastSeq() >= lastSeq);
    }

    private void publish(FarmEvent event) throws Exception {
        FeedProbe.publish(events, event);
    }
}
