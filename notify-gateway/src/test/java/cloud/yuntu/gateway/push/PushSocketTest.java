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
import cloud.yuntu.contracts.task.TaskFailed;
import cloud.yuntu.contracts.task.TaskProgress;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PushSocketTest extends LiveFeedTest {

    @Test
    void pushesTheEventsOfTheRequestedTaskInOrderNumberedFromOne() throws Exception {
        UUID task = UUID.randomUUID();
        UUID otherTask = UUID.randomUUID();
        String alice = tokens.user(TaskEvents.ALICE);
        try (PushClient watcher = PushClient.connect(server, alice, "taskId=" + task);
             PushClient everything = PushClient.connect(server, alice, "")) {
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

            // The seqs are the user's stream's; one task's connection skips the others' numbers.
            long base = seqOf(everything.greeting());
            assertThat(seqOf(watcher.greeting())).isEqualTo(base);
            assertEnvelope(watcher.next(), "task:status", base + 1, rendering);
            assertEnvelope(watcher.next(), "task:progress", base + 3, half);
            assertEnvelope(watcher.next(), "task:completed", base + 4, done);

            assertEnvelope(everything.next(), "task:status", base + 1, rendering);
            assertEnvelope(everything.next(), "task:progress", base + 2, elsewhere);
            assertEnvelope(everything.next(), "task:progress", base + 3, half);
            assertEnvelope(everything.next(), "task:completed", base + 4, done);
            assertEnvelope(everything.next(), "task:failed", base + 5, failedElsewhere);
        }
    }

    @Test
    void aRedeliveredEventIsPushedOnce() throws Exception {
        UUID task = UUID.randomUUID();
        try (PushClient watcher = PushClient.connect(server, tokens.user(TaskEvents.ALICE), "taskId=" + task)) {
            TaskStatusChanged queued = status(task, TaskStatus.SUBMITTED, TaskStatus.QUEUED);
            TaskStatusChanged rendering = status(task, TaskStatus.QUEUED, TaskStatus.RENDERING);
            events.publish(queued);
            events.publish(queued);
            events.publish(rendering);

            long base = seqOf(watcher.greeting());
            assertEnvelope(watcher.next(), "task:status", base + 1, queued);
            // The topic is ordered: had the copy been numbered, it would come before this one.
            assertEnvelope(watcher.next(), "task:status", base + 2, rendering);
        }
    }

    @Test
    void progressNeverGoesBackButCompletionAlwaysGetsThrough() throws Exception {
        UUID task = UUID.randomUUID();
        try (PushClient watcher = PushClient.connect(server, tokens.user(TaskEvents.ALICE), "taskId=" + task)) {
            TaskProgress sixty = progress(task, 6, 10);
            TaskProgress fortyLate = progress(task, 4, 10);
            TaskProgress eighty = progress(task, 8, 10);
            TaskCompleted done = completed(task);
            TaskProgress ninetyAfterTheEnd = progress(task, 9, 10);
            TaskStatusChanged marker = status(task, TaskStatus.COMPLETED, TaskStatus.COMPLETED);
            for (FarmEvent event : new FarmEvent[] {sixty, fortyLate, eighty, done, ninetyAfterTheEnd, marker}) {
                publish(event);
            }

            long base = seqOf(watcher.greeting());
            assertEnvelope(watcher.next(), "task:progress", base + 1, sixty);
            assertEnvelope(watcher.next(), "task:progress", base + 2, eighty);
            assertEnvelope(watcher.next(), "task:completed", base + 3, done);
            assertEnvelope(watcher.next(), "task:status", base + 4, marker);
        }
    }

    @Test
    void theFirstMessageNamesTheVerifiedCallerNotWhatTheClientClaims() throws Exception {
        try (PushClient alice = PushClient.connect(server, tokens.user("alice"), "user=mallory");
             PushClient operator = PushClient.connect(server, tokens.admin("operator"), "")) {
            JsonNode greeting = alice.greeting();
            assertThat(greeting.get("seq").asLong()).isNotNegative();
            assertThat(UUID.fromString(greeting.get("data").get("epoch").asText())).isNotNull();
            assertThat(greeting.get("data").get("userId").asText()).isEqualTo("alice");
            assertThat(greeting.get("data").get("admin").asBoolean()).isFalse();
            assertThat(operator.greeting().get("data").get("admin").asBoolean()).isTrue();
        }
    }

    @Test
    void anInvalidTaskIdClosesTheConnectionSayingWhy() throws Exception {
        try (PushClient client = PushClient.connect(server, tokens.user(TaskEvents.ALICE), "taskId=not-a-task")) {
            PushClient.Closed closed = client.awaitClose();
            assertThat(closed.code()).isEqualTo((short) 1008);
            assertThat(closed.reason()).isEqualTo("taskId is not a UUID: not-a-task");
        }
    }

    @Test
    void notificationsReachTheirUserOrEveryone() throws Exception {
        try (PushClient alice = PushClient.connect(server, tokens.user("alice"), "");
             PushClient bob = PushClient.connect(server, tokens.user("bob"), "")) {
            Notification forAlice = notification("alice", "your quota is almost used");
            Notification forEveryone = notification(null, "maintenance at 02:00");
            events.publish(forAlice);
            events.publish(forEveryone);

            long aliceBase = seqOf(alice.greeting());
            assertEnvelope(alice.next(), "notification", aliceBase + 1, forAlice);
            assertEnvelope(alice.next(), "notification", aliceBase + 2, forEveryone);
            assertEnvelope(bob.next(), "notification", seqOf(bob.greeting()) + 1, forEveryone);
        }
    }

    @Test
    void aConnectionWithoutAValidTokenIsRefusedSayingWhy() throws Exception {
        assertRefused(PushClient.connect(server, null, ""),
                "unauthorized: the access_token query parameter is required");
        for (String bad : List.of(tokens.expired("alice"), tokens.signedByAnotherKey("alice"), tokens.unsigned("alice"),
                tokens.tampered("bob", "alice"), "not-a-jwt")) {
            assertRefused(PushClient.connect(server, bad, ""), "unauthorized: the bearer token is invalid or expired");
        }
    }

    @Test
    void aPageOfAnotherOriginIsRefusedAConfiguredOneIsNot() throws Exception {
        String user = "origin-" + UUID.randomUUID();
        assertRefused(PushClient.connect(server, tokens.user(user), "", Map.of("Origin", "https://evil.example")),
                "origin not allowed: https://evil.example");

        try (PushClient allowed = PushClient.connect(server, tokens.user(user), "",
                Map.of("Origin", "https://console.test"))) {
            TaskStatusChanged own = status(user, UUID.randomUUID(), TaskStatus.SUBMITTED, TaskStatus.QUEUED);
            events.publish(own);
            assertEnvelope(allowed.next(), "task:status", 1, own);
        }
    }

    @Test
    void aConnectionBeyondTheLimitClosesTheUsersOldest() throws Exception {
        String user = "carol-" + UUID.randomUUID();
        String carol = tokens.user(user);
        List<PushClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(PushClient.connect(server, carol, ""));
            }
            PushClient newest = PushClient.connect(server, carol, "");
            open.add(newest);

            PushClient.Closed replaced = open.getFirst().awaitClose();
            assertThat(replaced.code()).isEqualTo((short) 4000);
            assertThat(replaced.reason()).isEqualTo("replaced: at most 3 connections per user, this was the oldest");
            for (PushClient client : open.subList(1, open.size())) {
                assertThat(client.closedWithin(Duration.ZERO)).as("the newer connections stay open").isNull();
            }
            // Someone else is not affected by Carol's connections.
            try (PushClient dave = PushClient.connect(server, tokens.user("dave-" + UUID.randomUUID()), "")) {
                assertThat(dave.closedWithin(QUIET)).isNull();
            }
            TaskStatusChanged own = status(user, UUID.randomUUID(), TaskStatus.SUBMITTED, TaskStatus.QUEUED);
            events.publish(own);
            assertEnvelope(newest.next(), "task:status", 1, own);
            assertThat(open.getFirst().poll(Duration.ZERO)).as("nothing reaches the replaced connection").isNull();
        } finally {
            open.forEach(PushClient::close);
        }
    }

    @Test
    void aPingGetsAPongAndABadMessageAnErrorWhileTheConnectionStays() throws Exception {
        String user = "erin-" + UUID.randomUUID();
        try (PushClient erin = PushClient.connect(server, tokens.user(user), "")) {
            erin.send("{\"event\":\"ping\"}");
            JsonNode pong = erin.next();
            assertThat(pong.path("event").asText()).isEqualTo("pong");
            assertThat(pong.has("seq")).as("a control message is not part of the user's stream").isFalse();

            erin.send("{not json");
            assertError(erin.next(), "malformed JSON: expected {\"event\":\"ping\"}");
            erin.send("[1,2]");
            assertError(erin.next(), "a message is a JSON object with a string \"event\"");
            erin.send("{\"event\":\"dance\"}");
            assertError(erin.next(), "unknown event: dance (known: ping)");

            assertThat(erin.closedWithin(Duration.ZERO)).isNull();
            TaskStatusChanged own = status(user, UUID.randomUUID(), TaskStatus.SUBMITTED, TaskStatus.QUEUED);
            events.publish(own);
            assertEnvelope(erin.next(), "task:status", 1, own);
        }
    }

    @Test
    void aMessageOverTheSizeLimitClosesTheConnectionSayingWhyAndTheGatewayServesTheNext() throws Exception {
        String frank = tokens.user("frank-" + UUID.randomUUID());
        try (RawClient client = RawClient.connect(server, frank)) {
            client.sendText("{\"event\":\"ping\",\"pad\":\"" + "x".repeat(5000) + "\"}");
            RawClient.Seen seen = client.readUntilClosed(PushClient.PATIENCE);
            assertThat(seen.closeCode()).isEqualTo(1009);
            assertThat(seen.closeReason()).isEqualTo("message too big: at most 4096 bytes");
        }
        // A frame over the network limit is not even read: the connection is dropped at its header.
        try (RawClient client = RawClient.connect(server, frank)) {
            client.sendText("x".repeat(70_000));
            assertThat(client.readUntilClosed(PushClient.PATIENCE).ended()).isTrue();
        }
        try (PushClient next = PushClient.connect(server, frank, "")) {
            next.send("{\"event\":\"ping\"}");
            assertThat(next.next().path("event").asText()).isEqualTo("pong");
        }
    }

    /**
     * The test profile pings every second and gives up after 3 s of silence: a client that answers
     * the pings (the JDK's, like a browser, answers by itself) outlives the timeout; one that never
     * answers is closed after it, having been pinged.
     */
    @Test
    void aClientThatAnswersPingsStaysAndASilentOneIsClosed() throws Exception {
        String grace = tokens.user("grace-" + UUID.randomUUID());
        try (PushClient alive = PushClient.connect(server, grace, "");
             RawClient gone = RawClient.connect(server, grace)) {
            long start = System.nanoTime();
            RawClient.Seen seen = gone.readUntilClosed(PushClient.PATIENCE);
            Duration silentFor = Duration.ofNanos(System.nanoTime() - start);

            assertThat(seen.closeCode()).isEqualTo(1001);
            assertThat(seen.closeReason()).isEqualTo("silent for 3 s: no pong or message");
            assertThat(seen.pings()).as("pinged before being given up").isGreaterThanOrEqualTo(2);
            assertThat(silentFor).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(alive.closedWithin(QUIET)).as("the answering client outlived the timeout").isNull();
        }
    }

    /**
     * Bob sees none of Alice's events, not even watching her task by id, only his own and the
     * broadcasts; an admin sees all of them.
     */
    @Test
    void eachUserSeesOnlyTheirOwnEventsAndAnAdminSeesAll() throws Exception {
        String alice = "alice-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        UUID alicesTask = UUID.randomUUID();
        UUID bobsTask = UUID.randomUUID();
        try (PushClient admin = PushClient.connect(server, tokens.admin("operator"), "");
             PushClient bobEverything = PushClient.connect(server, tokens.user(bob), "");
             PushClient bobOnAlicesTask = PushClient.connect(server, tokens.user(bob), "taskId=" + alicesTask);
             PushClient aliceEverything = PushClient.connect(server, tokens.user(alice), "")) {
            TaskStatusChanged aliceQueued = status(alice, alicesTask, TaskStatus.SUBMITTED, TaskStatus.QUEUED);
            TaskProgress aliceHalf = progress(alice, alicesTask, 5, 10);
            Notification forAlice = notification(alice, "your task is half done");
            Notification forEveryone = notification(null, "maintenance at 02:00");
            TaskStatusChanged bobQueued = status(bob, bobsTask, TaskStatus.SUBMITTED, TaskStatus.QUEUED);
            events.publish(aliceQueued);
            events.publish(aliceHalf);
            events.publish(forAlice);
            events.publish(forEveryone);
            events.publish(bobQueued);

            awaitIds(admin, aliceQueued, aliceHalf, forAlice, forEveryone, bobQueued);
            // The admin's connection got everything: every connection has been offered all of it.
            assertThat(ids(drain(bobEverything))).containsExactlyInAnyOrder(id(forEveryone), id(bobQueued));
            assertThat(drain(bobOnAlicesTask)).isEmpty();
            assertThat(ids(drain(aliceEverything)))
                    .containsExactlyInAnyOrder(id(aliceQueued), id(aliceHalf), id(forAlice), id(forEveryone));
        }
    }

    private static long seqOf(JsonNode greeting) {
        assertThat(greeting.get("event").asText()).isEqualTo("connection:established");
        return greeting.get("seq").asLong();
    }

    private static void assertError(JsonNode message, String text) {
        assertThat(message.path("event").asText()).isEqualTo("error");
        assertThat(message.path("data").path("message").asText()).isEqualTo(text);
        assertThat(message.has("seq")).isFalse();
    }

    private static void assertRefused(PushClient client, String reason) throws Exception {
        try (client) {
            PushClient.Closed closed = client.awaitClose();
            assertThat(closed.code()).isEqualTo((short) 1008);
            assertThat(closed.reason()).isEqualTo(reason);
            assertThat(client.poll(Duration.ZERO)).as("no message before the refusal").isNull();
        }
    }

    /** Reads until every one of the events arrived; others (of earlier tests) are skipped. */
    private static void awaitIds(PushClient client, FarmEvent... expected) throws InterruptedException {
        Set<String> missing = new HashSet<>();
        for (FarmEvent event : expected) {
            missing.add(id(event));
        }
        while (!missing.isEmpty()) {
            missing.remove(client.next().get("data").get("id").asText());
        }
    }

    /** Everything the connection receives until it stays quiet for {@link #QUIET}. */
    private static List<JsonNode> drain(PushClient client) throws InterruptedException {
        List<JsonNode> received = new ArrayList<>();
        for (JsonNode envelope; (envelope = client.poll(QUIET)) != null; ) {
            received.add(envelope);
        }
        return received;
    }

    private static List<String> ids(List<JsonNode> envelopes) {
        return envelopes.stream().map(envelope -> envelope.get("data").get("id").asText()).toList();
    }

    private static String id(FarmEvent event) {
        return event.id().toString();
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

    private void publish(FarmEvent event) throws Exception {
        FeedProbe.publish(events, event);
    }
}
