package cloud.yuntu.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.contracts.frame.FrameLogBatch;
import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.contracts.json.LogLines;
import cloud.yuntu.gateway.stream.StreamHead;
import cloud.yuntu.gateway.stream.StreamIds;
import cloud.yuntu.gateway.stream.StreamRecord;
import cloud.yuntu.gateway.stream.StreamSource;
import cloud.yuntu.gateway.stream.TaskOwners;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One connection following its stream, without a database or a server: the stream is a list the
 * test fills, and the connection's writes complete only when the test says so (that is how a
 * client that stops reading looks from the server). Reads of the stream complete at once.
 */
class SubscriberTest {

    private static final String ALICE = StreamIds.user("alice");

    private final SlowConnection slow = new SlowConnection();
    /** Five log lines a second per connection; an unknown task owner is asked again after 3 s. */
    private static final Subscriber.LogLimits LOGS = new Subscriber.LogLimits(5, Duration.ofSeconds(3));

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Owners owners = new Owners();
    private final Stream stream = new Stream(ALICE);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PushMeters meters = new PushMeters(registry);

    @Test
    void sendsOneMessageAtATimeInSeqOrder() throws Exception {
        Subscriber subscriber = greeted(10);

        subscriber.deliver(stream.append("a"));
        subscriber.deliver(stream.append("b"));
        subscriber.deliver(stream.append("c"));
        assertThat(slow.sent).hasSize(1);

        slow.completeOldestWrite();
        slow.completeOldestWrite();
        assertThat(slow.sent).extracting(SubscriberTest::seq).containsExactly(1L, 2L, 3L);
        // The greeting and the first two events were written; the third is on its way.
        assertThat(meters.sentCounter().count()).isEqualTo(3.0);
        assertThat(json(slow.sent.get(1)).get("data").get("title").asText()).isEqualTo("b");
        assertThat(json(slow.sent.get(1)).get("ts").asText()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void aClientThatFallsTooFarBehindIsDisconnected() {
        Subscriber subscriber = greeted(2);

        subscriber.deliver(stream.append("in flight"));
        subscriber.deliver(stream.append("queued 1"));
        subscriber.deliver(stream.append("queued 2"));
        assertThat(slow.closedWith).isNull();

        assertThat(meters.queueHighWater()).isEqualTo(2);
        assertThat(meters.closedTotal(PushMeters.Closed.TOO_SLOW)).isZero();

        subscriber.deliver(stream.append("one too many"));
        assertThat(slow.closedWith).isNotNull();
        assertThat(slow.closedWith.getCode()).isEqualTo(1013);
        assertThat(meters.closedTotal(PushMeters.Closed.TOO_SLOW)).isEqualTo(1);
        assertThat(subscriber.close(CloseReason.NORMAL)).as("already closed").isFalse();
        assertThat(meters.queueHighWater()).isEqualTo(2);

        slow.completeOldestWrite();
        subscriber.deliver(stream.append("after the drop"));
        assertThat(slow.sent).hasSize(1);
        assertThat(meters.closedTotal(PushMeters.Closed.TOO_SLOW)).isEqualTo(1);
    }

    @Test
    void aRecordDeliveredTwiceOrLateIsSentOnce() {
        Subscriber subscriber = greeted(10);
        StreamRecord first = stream.append("first");
        StreamRecord second = stream.append("second");

        subscriber.deliver(first);
        subscriber.deliver(first);
        subscriber.deliver(second);
        subscriber.deliver(first);
        drainWrites();

        assertThat(slow.sent).extracting(SubscriberTest::seq).containsExactly(1L, 2L);
    }

    @Test
    void aGapIsFilledFromTheStreamBeforeTheRecordAfterIt() {
        Subscriber subscriber = greeted(10);
        stream.append("numbered but never handed over");
        stream.append("this one neither");
        StreamRecord third = stream.append("third");

        subscriber.deliver(third);
        drainWrites();

        assertThat(slow.sent).extracting(SubscriberTest::seq).containsExactly(1L, 2L, 3L);
        assertThat(slow.sent).extracting(m -> json(m).get("data").get("title").asText())
                .containsExactly("numbered but never handed over", "this one neither", "third");
    }

    @Test
    void aRecordThatNeverArrivesIsReadWhenTheHeadShowsTheConnectionBehind() {
        Subscriber subscriber = greeted(10);
        stream.append("published before this replica had its partitions");

        subscriber.behind(1, 1);
        drainWrites();
        subscriber.behind(1, 1);
        drainWrites();

        assertThat(slow.sent).extracting(SubscriberTest::seq).containsExactly(1L);
    }

    @Test
    void recordsNumberedSinceThePreviousCheckAreLeftToArriveThenAllUpToTheHeadAreReadAtOnce() {
        Subscriber subscriber = greeted(10);
        stream.append("numbered a check ago, never arrived");
        stream.append("numbered since");

        subscriber.behind(0, 2);
        drainWrites();
        assertThat(slow.sent).isEmpty();

        subscriber.behind(1, 2);
        drainWrites();
        assertThat(slow.sent).extracting(SubscriberTest::seq).containsExactly(1L, 2L);
    }

    @Test
    void aResumingClientGetsWhatItMissedThenWhatArrivedMeanwhileOnceEachInOrder() {
        for (int i = 1; i <= 5; i++) {
            stream.append("event " + i);
        }
        stream.holdReads();
        Subscriber subscriber = subscriber(new Subscription.Resume(stream.epoch, 2), 10);
        subscriber.start(stream, owners);
        // Numbered while the connection was reading what it missed: one it will read, one after.
        StreamRecord sixth = stream.append("event 6");
        subscriber.deliver(stream.records.get(4));
        subscriber.deliver(sixth);
        stream.releaseReads();
        drainWrites();

        assertThat(slow.sent).extracting(SubscriberTest::event)
                .containsExactly("connection:established", "notification", "notification", "notification", "notification");
        assertThat(slow.sent).extracting(SubscriberTest::seq).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(json(slow.sent.getFirst()).get("data").get("epoch").asText()).isEqualTo(stream.epoch.toString());
    }

    @Test
    void aClientOfAnotherEpochOrFromTheFutureIsToldToResync() {
        stream.append("one");
        Subscriber other = subscriber(new Subscription.Resume(UUID.randomUUID(), 1), 10);
        other.start(stream, owners);
        drainWrites();
        assertThat(slow.sent).extracting(SubscriberTest::event).containsExactly("connection:established", "resync");
        assertThat(json(slow.sent.get(1)).get("data").get("reason").asText()).startsWith("the stream started over: epoch ");
        assertThat(slow.sent).extracting(SubscriberTest::seq).containsExactly(1L, 1L);

        slow.sent.clear();
        Subscriber future = subscriber(new Subscription.Resume(stream.epoch, 7), 10);
        future.start(stream, owners);
        drainWrites();
        assertThat(json(slow.sent.get(1)).get("data").get("reason").asText())
                .isEqualTo("lastSeq 7 is beyond the stream's last seq 1");

        slow.sent.clear();
        future.deliver(stream.append("two"));
        drainWrites();
        assertThat(slow.sent).extracting(SubscriberTest::seq).containsExactly(2L);
    }

    @Test
    void whatIsNoLongerKeptMeansResync() {
        for (int i = 1; i <= 4; i++) {
            stream.append("event " + i);
        }
        stream.forgetUpTo(3);
        Subscriber subscriber = subscriber(new Subscription.Resume(stream.epoch, 1), 10);
        subscriber.start(stream, owners);
        subscriber.deliver(stream.append("event 5"));
        drainWrites();

        assertThat(slow.sent).extracting(SubscriberTest::event).containsExactly("connection:established", "resync", "notification");
        assertThat(json(slow.sent.get(1)).get("data").get("reason").asText()).isEqualTo("events after seq 1 are no longer kept");
        assertThat(slow.sent).extracting(SubscriberTest::seq).containsExactly(1L, 4L, 5L);
    }

    @Test
    void oneTasksConnectionSkipsTheOthersButKeepsItsPlace() {
        UUID task = UUID.randomUUID();
        Subscriber subscriber = new Subscriber(slow.connection(), new Subscription(Caller.user("alice"), task), 10, 100, clock, meters, LOGS);
        subscriber.start(stream, owners);
        drainWrites();
        slow.sent.clear();

        subscriber.deliver(stream.append("elsewhere", UUID.randomUUID()));
        subscriber.deliver(stream.append("mine", task));
        subscriber.deliver(stream.append("a broadcast", null));
        subscriber.deliver(stream.append("mine again", task));
        drainWrites();

        assertThat(slow.sent).extracting(SubscriberTest::seq).containsExactly(2L, 4L);
    }

    @Test
    void theFirstMessageSaysWhoAndTheSeqEventsContinueFrom() {
        stream.append("before");
        UUID task = UUID.randomUUID();
        Subscriber subscriber = new Subscriber(slow.connection(), new Subscription(Caller.user("alice"), task), 10, 100, clock, meters, LOGS);
        subscriber.start(stream, owners);
        drainWrites();

        JsonNode greeting = json(slow.sent.getFirst());
        assertThat(greeting.get("event").asText()).isEqualTo("connection:established");
        assertThat(greeting.get("seq").asLong()).isEqualTo(1L);
        assertThat(greeting.get("data").get("userId").asText()).isEqualTo("alice");
        assertThat(greeting.get("data").get("admin").asBoolean()).isFalse();
        assertThat(greeting.get("data").get("taskId").asText()).isEqualTo(task.toString());
        assertThat(greeting.get("data").get("epoch").asText()).isEqualTo(stream.epoch.toString());
    }

    @Test
    void aStreamThatCannotBeReadClosesTheConnection() {
        stream.failReads();
        subscriber(null, 10).start(stream, owners);
        assertThat(slow.closedWith.getCode()).isEqualTo(1011);
    }

    @Test
    void theOwnerIsShownTheTasksLogWithinTheCapAndToldHowManyLinesWereDropped() {
        UUID task = UUID.randomUUID();
        owners.known.put(task, "alice");
        Subscriber subscriber = following(Caller.user("alice"), task);

        subscriber.deliverLog(batch(task, 0, "a", "b", "c"));
        // Five lines a second: two more now, the rest of the batch is dropped.
        subscriber.deliverLog(batch(task, 3, "d", "e", "f", "g"));
        subscriber.deliverLog(batch(task, 7, "h", "i"));
        clock.advance(Duration.ofSeconds(1));
        subscriber.deliverLog(batch(task, 9, "j"));
        drainWrites();

        assertThat(slow.sent).extracting(SubscriberTest::event).containsOnly("task:log");
        assertThat(slow.sent).extracting(m -> json(m).has("seq")).as("a live log is not part of the stream").containsOnly(false);
        assertThat(slow.sent).extracting(m -> json(m).get("data").get("lines").toString())
                .containsExactly("[\"a\",\"b\",\"c\"]", "[\"d\",\"e\"]", "[]", "[\"j\"]");
        assertThat(slow.sent).extracting(m -> json(m).get("data").get("dropped").asInt()).containsExactly(0, 2, 2, 0);
        assertThat(slow.sent).extracting(m -> json(m).get("data").get("firstLine").asLong()).containsExactly(0L, 3L, 7L, 9L);
        JsonNode first = json(slow.sent.getFirst()).get("data");
        assertThat(first.get("taskId").asText()).isEqualTo(task.toString());
        assertThat(first.get("attempt").asInt()).isEqualTo(2);
        assertThat(first.get("agentId").asText()).isEqualTo("node-7");
        assertThat(registry.counter("yuntu.gateway.task.log.lines.pushed").count()).isEqualTo(6.0);
        assertThat(registry.counter("yuntu.gateway.task.log.batches.pushed").count()).isEqualTo(4.0);
        assertThat(registry.counter("yuntu.gateway.task.log.lines.dropped", "reason", "over-cap").count()).isEqualTo(4.0);
        assertThat(registry.counter("yuntu.gateway.task.log.batches.dropped", "reason", "over-cap").count()).isEqualTo(1.0);
        assertThat(owners.lookups).as("asked once, when the connection opened").isEqualTo(1);
    }

    @Test
    void anotherUsersTaskShowsNoLogAndIsNotAskedAboutAgain() {
        UUID task = UUID.randomUUID();
        owners.known.put(task, "bob");
        Subscriber subscriber = following(Caller.user("alice"), task);

        subscriber.deliverLog(batch(task, 0, "bob's secret"));
        clock.advance(Duration.ofMinutes(1));
        subscriber.deliverLog(batch(task, 1, "and another"));
        drainWrites();

        assertThat(slow.sent).isEmpty();
        assertThat(owners.lookups).isEqualTo(1);
        assertThat(registry.counter("yuntu.gateway.task.log.lines.dropped", "reason", "owner-unknown").count()).isZero();
    }

    @Test
    void anUnknownOwnerIsAskedAgainAtMostEveryRecheckAndTheLogShownOnceKnown() {
        UUID task = UUID.randomUUID();
        Subscriber subscriber = following(Caller.user("alice"), task);

        subscriber.deliverLog(batch(task, 0, "before anyone knows"));
        clock.advance(Duration.ofSeconds(2));
        subscriber.deliverLog(batch(task, 1, "still within the recheck"));
        assertThat(owners.lookups).isEqualTo(1);

        owners.known.put(task, "alice");
        clock.advance(Duration.ofSeconds(1));
        // Asked again now; this batch was handed over before the answer came.
        subscriber.deliverLog(batch(task, 2, "asked again"));
        subscriber.deliverLog(batch(task, 3, "shown"));
        drainWrites();

        assertThat(owners.lookups).isEqualTo(2);
        assertThat(slow.sent).extracting(m -> json(m).get("data").get("lines").get(0).asText()).containsExactly("shown");
        assertThat(registry.counter("yuntu.gateway.task.log.lines.dropped", "reason", "owner-unknown").count()).isEqualTo(3.0);
    }

    @Test
    void anEventOfTheTaskInTheUsersOwnStreamShowsItsLogWithoutAsking() {
        UUID task = UUID.randomUUID();
        Subscriber subscriber = following(Caller.user("alice"), task);
        subscriber.deliverLog(batch(task, 0, "unknown yet"));

        subscriber.deliver(stream.append("task submitted", task));
        subscriber.deliverLog(batch(task, 1, "rendering"));
        drainWrites();

        assertThat(slow.sent).extracting(SubscriberTest::event).containsExactly("notification", "task:log");
        assertThat(json(slow.sent.get(1)).get("data").get("lines").get(0).asText()).isEqualTo("rendering");
        assertThat(owners.lookups).isEqualTo(1);
    }

    @Test
    void anAdminIsShownAnyTasksLogWithoutAskingAndAConnectionOfTheWholeStreamNone() {
        UUID task = UUID.randomUUID();
        Stream farm = new Stream(StreamIds.FARM);
        Subscriber admin = new Subscriber(slow.connection(), new Subscription(new Caller("root", Set.of(Roles.ADMIN)), task), 10,
                2, clock, meters, LOGS);
        admin.start(farm, owners);
        Subscriber whole = subscriber(null, 10);
        whole.start(stream, owners);
        drainWrites();
        slow.sent.clear();

        TaskLogBatch lines = batch(task, 0, "anyone's");
        admin.deliverLog(lines);
        whole.deliverLog(lines);
        drainWrites();

        assertThat(slow.sent).singleElement().satisfies(m -> assertThat(json(m).get("data").get("lines").get(0).asText())
                .isEqualTo("anyone's"));
        assertThat(owners.lookups).isZero();
    }

    @Test
    void logMessagesShareTheQueueAndItsLimit() {
        UUID task = UUID.randomUUID();
        owners.known.put(task, "alice");
        Subscriber subscriber = new Subscriber(slow.connection(), new Subscription(Caller.user("alice"), task), 2, 2, clock,
                meters, LOGS);
        subscriber.start(stream, owners);
        slow.completeOldestWrite();
        slow.sent.clear();

        subscriber.deliverLog(batch(task, 0, "in flight"));
        subscriber.deliverLog(batch(task, 1, "queued 1"));
        subscriber.deliverLog(batch(task, 2, "queued 2"));
        assertThat(slow.closedWith).isNull();
        subscriber.deliverLog(batch(task, 3, "one too many"));

        assertThat(slow.closedWith.getCode()).isEqualTo(1013);
        assertThat(meters.closedTotal(PushMeters.Closed.TOO_SLOW)).isEqualTo(1);
        assertThat(registry.counter("yuntu.gateway.task.log.batches.pushed").count()).isEqualTo(3.0);
    }

    @Test
    void aCapOfNoLinesIsRefusedWhenTheGatewayStarts() {
        assertThatThrownBy(() -> new Subscriber.LogLimits(0, Duration.ofSeconds(3)))
                .hasMessage("yuntu.gateway.push.log-lines-per-second must be at least 1, was 0");
    }

    /** A greeted connection of {@code caller} following {@code task} in alice's stream. */
    private Subscriber following(Caller caller, UUID task) {
        Subscriber subscriber = new Subscriber(slow.connection(), new Subscription(caller, task), 10, 2, clock, meters, LOGS);
        subscriber.start(stream, owners);
        drainWrites();
        slow.sent.clear();
        return subscriber;
    }

    private TaskLogBatch batch(UUID task, long firstLine, String... lines) {
        LogLines.Packed packed = LogLines.pack(List.of(lines));
        return TaskLogBatch.read(new FrameLogBatch(UUID.randomUUID(), clock.instant(), task, UUID.randomUUID(), 2, "node-7",
                firstLine, lines.length, packed.uncompressedBytes(), packed.lz4()), 4096, clock.instant());
    }

    /** A subscriber whose greeting was sent and written, so what follows is about events only. */
    private Subscriber greeted(int queueLimit) {
        Subscriber subscriber = subscriber(null, queueLimit);
        subscriber.start(stream, owners);
        slow.completeOldestWrite();
        assertThat(slow.sent).singleElement().satisfies(greeting -> assertThat(seq(greeting)).isZero());
        slow.sent.clear();
        return subscriber;
    }

    private Subscriber subscriber(Subscription.Resume resume, int queueLimit) {
        return new Subscriber(slow.connection(), new Subscription(Caller.user("alice"), null, resume), queueLimit, 2, clock, meters, LOGS);
    }

    private void drainWrites() {
        while (!slow.pendingWrites.isEmpty()) {
            slow.completeOldestWrite();
        }
    }

    private static JsonNode json(String message) {
        try {
            return FarmJson.mapper().readTree(message);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long seq(String envelope) {
        return json(envelope).get("seq").asLong();
    }

    private static String event(String envelope) {
        return json(envelope).get("event").asText();
    }

    /** A stream in memory; reads complete at once unless held, like a database that answers later. */
    private static final class Stream implements StreamSource {
        final String id;
        final UUID epoch = UUID.randomUUID();
        final List<StreamRecord> records = new ArrayList<>();
        final List<Runnable> heldReads = new ArrayList<>();
        long forgottenUpTo;
        boolean holding;
        boolean failing;

        Stream(String id) {
            this.id = id;
        }

        StreamRecord append(String title) {
            return append(title, null);
        }

        StreamRecord append(String title, UUID taskId) {
            StreamRecord record = new StreamRecord(id, epoch, records.size() + 1, UUID.randomUUID(), "notification", taskId,
                    "{\"title\":\"" + title + "\"}", Instant.parse("2026-01-01T00:00:00Z"));
            records.add(record);
            return record;
        }

        void forgetUpTo(long seq) {
            forgottenUpTo = seq;
        }

        void holdReads() {
            holding = true;
        }

        void releaseReads() {
            holding = false;
            List<Runnable> reads = new ArrayList<>(heldReads);
            heldReads.clear();
            reads.forEach(Runnable::run);
        }

        void failReads() {
            failing = true;
        }

        @Override
        public Uni<StreamHead> open(String stream) {
            assertThat(stream).isEqualTo(id);
            if (failing) {
                return Uni.createFrom().failure(new IllegalStateException("database down"));
            }
            return Uni.createFrom().item(new StreamHead(epoch, records.size()));
        }

        @Override
        public Uni<Map<String, Long>> lastSeqs(Collection<String> streams) {
            return Uni.createFrom().item(Map.of(id, (long) records.size()));
        }

        @Override
        public Uni<List<StreamRecord>> after(String stream, long afterSeq, long upToSeq, int limit) {
            return Uni.createFrom().emitter(emitter -> {
                Runnable read = () -> emitter.complete(records.stream()
                        .filter(r -> r.seq() > Math.max(afterSeq, forgottenUpTo) && r.seq() <= upToSeq)
                        .limit(limit).toList());
                if (holding) {
                    heldReads.add(read);
                } else {
                    read.run();
                }
            });
        }
    }

    /** Task owners as the gateway would have recorded them; counts the lookups. */
    private static final class Owners implements TaskOwners {
        final Map<UUID, String> known = new HashMap<>();
        int lookups;

        @Override
        public Uni<String> ownerOf(UUID taskId) {
            lookups++;
            return Uni.createFrom().item(known.get(taskId));
        }
    }

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** A connection whose every write stays pending until {@link #completeOldestWrite()}. */
    private static final class SlowConnection {
        final List<String> sent = new ArrayList<>();
        final List<UniEmitter<? super Void>> pendingWrites = new ArrayList<>();
        CloseReason closedWith;

        WebSocketConnection connection() {
            return (WebSocketConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {WebSocketConnection.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "id" -> "slow-1";
                        case "isOpen" -> closedWith == null;
                        case "isClosed" -> closedWith != null;
                        case "sendText" -> {
                            sent.add((String) args[0]);
                            yield Uni.createFrom().<Void>emitter(pendingWrites::add);
                        }
                        case "close" -> {
                            closedWith = (CloseReason) args[0];
                            yield Uni.createFrom().voidItem();
                        }
                        case "toString" -> "SlowConnection";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        void completeOldestWrite() {
            pendingWrites.removeFirst().complete(null);
        }
    }
}
