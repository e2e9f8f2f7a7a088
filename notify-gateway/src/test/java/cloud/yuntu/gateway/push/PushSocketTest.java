package cloud.yuntu.gateway.push;

import static cloud.yuntu.gateway.push.TaskEvents.completed;
import static cloud.yuntu.gateway.push.TaskEvents.failed;
import static cloud.yuntu.gateway.push.TaskEvents.notification;
import static cloud.yuntu.gateway.push.TaskEvents.progress;
import static cloud.yuntu.gateway.push.TaskEvents.status;
import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.FarmEvent;
import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.contracts.task.TaskCompleted;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskFailed;
import cloud.yuntu.contracts.task.TaskProgress;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.testsupport.InjectKafkaBroker;
import cloud.yuntu.testsupport.KafkaResource;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
class PushSocketTest {

    private static boolean consumersAssigned;

    @InjectKafkaBroker
    KafkaBroker broker;

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URI server;

    private TaskEvents events;

    @BeforeEach
    void publisherAndCaughtUpConsumers() throws Exception {
        events = new TaskEvents(broker.bootstrapServers());
        if (!consumersAssigned) {
            awaitConsumersAtTheEnd();
            consumersAssigned = true;
        }
    }

    @AfterEach
    void closePublisher() {
        events.close();
    }

    @Test
    void pushesTheEventsOfTheRequestedTaskInOrderNumberedFromOne() throws Exception {
        UUID task = UUID.randomUUID();
        UUID otherTask = UUID.randomUUID();
        try (PushClient watcher = PushClient.connect(vertx, server, "taskId=" + task);
             PushClient everything = PushClient.connect(vertx, server, "")) {
            TaskStatusChanged rendering = status(task, TaskStatus.QUEUED, TaskStatus.RENDERING);
            TaskProgress elsewhere = progress(otherTask, 1, 10);
            TaskProgress half = progress(task, 5, 10);
            TaskCompleted done = completed(task);
            TaskFailed failedElsewhere = failed(otherTask);
            events.publish(rendering);
            events.publish(elsewhere);
            events.publish(half);
            events.publish(done);
            events.publish(failedElsewhere);

            assertEnvelope(watcher.next(), "task:status", 1, rendering);
            assertEnvelope(watcher.next(), "task:progress", 2, half);
            assertEnvelope(watcher.next(), "task:completed", 3, done);

            assertEnvelope(everything.next(), "task:status", 1, rendering);
            assertEnvelope(everything.next(), "task:progress", 2, elsewhere);
            assertEnvelope(everything.next(), "task:progress", 3, half);
            assertEnvelope(everything.next(), "task:completed", 4, done);
            assertEnvelope(everything.next(), "task:failed", 5, failedElsewhere);
        }
    }

    @Test
    void aRedeliveredEventIsPushedOnce() throws Exception {
        UUID task = UUID.randomUUID();
        try (PushClient watcher = PushClient.connect(vertx, server, "taskId=" + task)) {
            TaskStatusChanged queued = status(task, TaskStatus.SUBMITTED, TaskStatus.QUEUED);
            TaskStatusChanged rendering = status(task, TaskStatus.QUEUED, TaskStatus.RENDERING);
            events.publish(queued);
            events.publish(queued);
            events.publish(rendering);

            assertEnvelope(watcher.next(), "task:status", 1, queued);
            // The topic is ordered: had the copy been pushed, it would come before this one.
            assertEnvelope(watcher.next(), "task:status", 2, rendering);
        }
    }

    @Test
    void progressNeverGoesBackButCompletionAlwaysGetsThrough() throws Exception {
        UUID task = UUID.randomUUID();
        try (PushClient watcher = PushClient.connect(vertx, server, "taskId=" + task)) {
            TaskProgress sixty = progress(task, 6, 10);
            TaskProgress fortyLate = progress(task, 4, 10);
            TaskProgress eighty = progress(task, 8, 10);
            TaskCompleted done = completed(task);
            TaskProgress ninetyAfterTheEnd = progress(task, 9, 10);
            TaskStatusChanged marker = status(task, TaskStatus.COMPLETED, TaskStatus.COMPLETED);
            for (FarmEvent event : new FarmEvent[] {sixty, fortyLate, eighty, done, ninetyAfterTheEnd, marker}) {
                publish(event);
            }

            assertEnvelope(watcher.next(), "task:progress", 1, sixty);
            assertEnvelope(watcher.next(), "task:progress", 2, eighty);
            assertEnvelope(watcher.next(), "task:completed", 3, done);
            assertEnvelope(watcher.next(), "task:status", 4, marker);
        }
    }

    @Test
    void anInvalidTaskIdClosesTheConnectionSayingWhy() throws Exception {
        try (PushClient client = PushClient.connect(vertx, server, "taskId=not-a-task")) {
            PushClient.Closed closed = client.awaitClose();
            assertThat(closed.code()).isEqualTo((short) 1008);
            assertThat(closed.reason()).isEqualTo("taskId is not a UUID: not-a-task");
        }
    }

    @Test
    void notificationsReachTheirUserOrEveryone() throws Exception {
        try (PushClient alice = PushClient.connect(vertx, server, "user=alice");
             PushClient bob = PushClient.connect(vertx, server, "user=bob")) {
            Notification forAlice = notification("alice", "your quota is almost used");
            Notification forEveryone = notification(null, "maintenance at 02:00");
            events.publish(forAlice);
            events.publish(forEveryone);

            assertEnvelope(alice.next(), "notification", 1, forAlice);
            assertEnvelope(alice.next(), "notification", 2, forEveryone);
            assertEnvelope(bob.next(), "notification", 1, forEveryone);
        }
    }

    private static void assertEnvelope(JsonNode envelope, String event, long seq, FarmEvent expected)
            throws Exception {
        assertThat(envelope.get("event").asText()).as("event of %s", envelope).isEqualTo(event);
        assertThat(envelope.get("seq").asLong()).as("seq of %s", envelope).isEqualTo(seq);
        assertThat(Instant.parse(envelope.get("ts").asText())).isBeforeOrEqualTo(Instant.now());
        // Read back from text like any client, so numbers compare as parsed numbers.
        JsonNode onTheWire = FarmJson.mapper().readTree(FarmJson.mapper().writeValueAsString(expected));
        assertThat(envelope.get("data")).as("data of %s", envelope).isEqualTo(onTheWire);
    }

    /**
     * The gateway reads from the end of the topics, so events published before its consumers got
     * their partitions would never arrive. Publish probes until one comes through on each topic,
     * then a last one: once that arrived, every earlier probe has been pushed too.
     */
    private void awaitConsumersAtTheEnd() throws Exception {
        UUID probeTask = UUID.randomUUID();
        try (PushClient probe = PushClient.connect(vertx, server, "user=probe")) {
            awaitArrival(probe, () -> status(probeTask, TaskStatus.SUBMITTED, TaskStatus.QUEUED));
            awaitArrival(probe, () -> notification("probe", "probe"));
        }
    }

    private void awaitArrival(PushClient probe, Supplier<FarmEvent> probes) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        boolean arrived = false;
        while (!arrived) {
            assertThat(Instant.now()).as("the gateway's consumers got their partitions").isBefore(deadline);
            FarmEvent event = probes.get();
            publish(event);
            arrived = probe.poll(Duration.ofSeconds(2)) != null;
        }
        FarmEvent last = probes.get();
        publish(last);
        JsonNode envelope;
        do {
            envelope = probe.next();
        } while (!envelope.get("data").get("id").asText().equals(last.id().toString()));
    }

    private void publish(FarmEvent event) throws Exception {
        if (event instanceof Notification notification) {
            events.publish(notification);
        } else {
            events.publish((TaskEvent) event);
        }
    }
}
