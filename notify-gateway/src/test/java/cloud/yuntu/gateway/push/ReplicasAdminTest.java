package cloud.yuntu.gateway.push;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.gateway.replicas.ClosedCounts;
import cloud.yuntu.gateway.replicas.DisconnectOrders;
import cloud.yuntu.gateway.replicas.ReplicaBoard;
import cloud.yuntu.gateway.replicas.ReplicaSnapshot;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operators' API across replicas. A second replica is played by the test through the same
 * tables the replicas share: it publishes its snapshot on the board, and reads and answers the
 * disconnect orders, as a second gateway process would.
 */
@QuarkusTest
class ReplicasAdminTest extends LiveFeedTest {

    private static final Duration DB = Duration.ofSeconds(10);

    @Inject
    ReplicaBoard board;

    @Inject
    DisconnectOrders orders;

    private String operator;
    private String second;
    private Instant secondStarted;

    @BeforeEach
    void freshOperatorAndReplica() {
        operator = tokens.admin("operator-" + UUID.randomUUID());
        second = "replica-" + UUID.randomUUID();
        secondStarted = Instant.now().minusSeconds(60);
    }

    /** The second replica's own thread, publishing its snapshot like a running gateway. */
    private final ScheduledExecutorService secondReplica = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void secondReplicaStops() throws Exception {
        secondReplica.shutdownNow();
        secondReplica.awaitTermination(10, TimeUnit.SECONDS);
        board.withdraw(second).await().atMost(DB);
    }

    /**
     * The second replica holds these connections from now on: it publishes them at once and then
     * every 250 ms (a snapshot is stale 1.5 s after it was published in the test profile, which a
     * loaded build machine can take between one publication and a request's read).
     */
    private void secondHolds(Map<String, Integer> connectionsByUser) {
        publish(connectionsByUser);
        secondReplica.scheduleAtFixedRate(() -> {
            try {
                publish(connectionsByUser);
            } catch (RuntimeException e) {
                // A slow round: the next one publishes again (a throw would end the schedule).
            }
        }, 250, 250, TimeUnit.MILLISECONDS);
    }

    /** The second replica stops publishing (it crashed): its last snapshot stays on the board. */
    private void secondCrashes() throws Exception {
        secondReplica.shutdownNow();
        assertThat(secondReplica.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private void publish(Map<String, Integer> connectionsByUser) {
        Instant started = secondStarted;
        List<ReplicaSnapshot.UserShare> users = connectionsByUser.entrySet().stream()
                .map(e -> new ReplicaSnapshot.UserShare(e.getKey(), e.getValue(), started.plusSeconds(1)))
                .sorted((a, b) -> a.userId().compareTo(b.userId()))
                .toList();
        board.publish(new ReplicaSnapshot(second, "gateway-2.test", started, Instant.now(),
                users.stream().mapToInt(ReplicaSnapshot.UserShare::connections).sum(), users, 2.5, 40.0, 250, 4000, 17,
                new ClosedCounts(0, 0, 3, 0, 0))).await().atMost(DB);
    }

    @Test
    void theFiguresAddUpTheLiveReplicasAndAUserIsCountedOnce() throws Exception {
        String alice = "farm-alice-" + UUID.randomUUID();
        String carol = "farm-carol-" + UUID.randomUUID();
        try (PushClient here = PushClient.connect(server, tokens.user(alice), "")) {
            here.greeting();
            secondHolds(Map.of(alice, 2, carol, 1));
            JsonPath stats = asOperator().get("/api/admin/push/stats").then().statusCode(200).extract().jsonPath();
            String self = stats.getString("answeredBy.id");
            assertThat(stats.getList("replicas.id", String.class)).containsExactlyInAnyOrder(self, second);
            Map<String, Object> other = stats.getMap("replicas.find { it.id == '" + second + "' }");
            assertThat(other).containsEntry("host", "gateway-2.test").containsEntry("connections", 3).containsEntry("users", 2)
                    .containsEntry("maxConnectionsPerUser", 2).containsEntry("sendQueueHighWater", 17)
                    .containsEntry("messagesSentPerSecond", 40.0f).containsKey("publishedAt").containsKey("startedAt");
            Map<String, Object> mine = stats.getMap("replicas.find { it.id == '" + self + "' }");
            assertThat((Integer) mine.get("connections")).isGreaterThanOrEqualTo(1);
            assertThat(stats.getInt("connections")).as("the sum of the replicas'")
                    .isEqualTo((Integer) mine.get("connections") + 3);
            assertThat(stats.getInt("maxConnectionsPerUser")).as("alice: 1 here and 2 there").isGreaterThanOrEqualTo(3);
            assertThat(stats.getFloat("messagesSentPerSecond")).isGreaterThanOrEqualTo(40.0f);
            assertThat(stats.getInt("sendQueueHighWater")).isGreaterThanOrEqualTo(17);
            long mineTooSlow = ((Number) ((Map<?, ?>) mine.get("closed")).get("tooSlow")).longValue();
            assertThat(stats.getLong("closed.tooSlow")).as("the dropped slow clients of both").isEqualTo(mineTooSlow + 3);

            JsonPath online = asOperator().get("/api/admin/push/users").then().statusCode(200).extract().jsonPath();
            assertThat(online.getList("users.userId", String.class)).as("each user once").containsOnlyOnce(alice, carol);
            Map<String, Object> aliceOnline = online.getMap("users.find { it.userId == '" + alice + "' }");
            assertThat(aliceOnline.get("connectionCount")).isEqualTo(3);
            List<Map<String, Object>> where = online.getList("users.find { it.userId == '" + alice + "' }.replicas");
            assertThat(where).extracting(r -> r.get("replicaId"), r -> r.get("connectionCount"))
                    .containsExactlyInAnyOrder(tuple(self, 1),
                            tuple(second, 2));
            assertThat(online.getList("users.find { it.userId == '" + carol + "' }.replicas.replicaId")).containsExactly(second);
        }
    }

    @Test
    void aReplicaThatStoppedPublishingIsNoLongerCounted() throws Exception {
        String dave = "stale-dave-" + UUID.randomUUID();
        secondHolds(Map.of(dave, 4));
        assertThat(asOperator().get("/api/admin/push/stats").then().statusCode(200).extract().jsonPath()
                .getList("replicas.id", String.class)).contains(second);
        secondCrashes();
        // 3 missed publications of 500 ms in the test profile; the bucket refills at 1 request per second.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonPath stats = asOperator().get("/api/admin/push/stats").then().statusCode(200).extract().jsonPath();
            assertThat(stats.getList("replicas.id", String.class)).doesNotContain(second);
        });
        JsonPath online = asOperator().get("/api/admin/push/users").then().statusCode(200).extract().jsonPath();
        assertThat(online.getList("users.userId", String.class)).doesNotContain(dave);
    }

    @Test
    void aDisconnectClosesTheUsersConnectionsOnEveryReplicaAndCountsThem() throws Exception {
        String alice = "everywhere-alice-" + UUID.randomUUID();
        String bob = "kept-bob-" + UUID.randomUUID();
        Instant since = orders.now().await().atMost(DB);
        // The second replica carries out the orders it reads. On a thread of its own: the common pool
        // (one thread on two cores) runs the WebSocket clients' callbacks.
        ExecutorService ordersThere = Executors.newSingleThreadExecutor();
        CompletableFuture<Long> carriedOut = CompletableFuture.supplyAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (DisconnectOrders.Order order : orders.unanswered(second, since).await().atMost(DB)) {
                    orders.report(order.id(), second, order.userId().equals(alice) ? 1 : 0).await().atMost(DB);
                    return order.id();
                }
                sleep(100);
            }
            throw new IllegalStateException("no order reached the second replica");
        }, ordersThere);
        try (PushClient first = PushClient.connect(server, tokens.user(alice), "");
             PushClient other = PushClient.connect(server, tokens.user(alice), "");
             PushClient kept = PushClient.connect(server, tokens.user(bob), "")) {
            kept.greeting();
            secondHolds(Map.of(alice, 1));

            JsonPath answer = asOperator().post("/api/admin/push/users/" + alice + "/disconnect").then().statusCode(202)
                    .extract().jsonPath();

            String self = answer.getString("answeredBy.id");
            assertThat(answer.getInt("closed")).as("2 here, 1 on the second replica").isEqualTo(3);
            assertThat(answer.getMap("replicas.find { it.replicaId == '" + self + "' }")).containsEntry("closed", 2);
            assertThat(answer.getMap("replicas.find { it.replicaId == '" + second + "' }"))
                    .containsEntry("closed", 1).containsEntry("host", "gateway-2.test");
            assertThat(answer.getList("pending")).isEmpty();
            assertThat(carriedOut.get(5, TimeUnit.SECONDS)).isPositive();
            for (PushClient client : List.of(first, other)) {
                assertThat(client.awaitClose().code()).isEqualTo((short) 4001);
            }
            assertThat(kept.closedWithin(QUIET)).as("another user's connection").isNull();
        } finally {
            ordersThere.shutdownNow();
        }
    }

    @Test
    void aReplicaThatDoesNotReportInTimeIsListedAsPending() {
        String erin = "pending-erin-" + UUID.randomUUID();
        secondHolds(Map.of(erin, 1));
        Instant asked = Instant.now();

        JsonPath answer = asOperator().post("/api/admin/push/users/" + erin + "/disconnect").then().statusCode(202)
                .extract().jsonPath();

        assertThat(Duration.between(asked, Instant.now())).as("waited yuntu.gateway.replicas.disconnect-wait (2 s)")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(answer.getInt("closed")).isZero();
        assertThat(answer.getList("replicas.replicaId")).containsExactly(answer.getString("answeredBy.id"));
        assertThat(answer.getList("pending.replicaId")).containsExactly(second);
        assertThat(answer.getList("pending.host")).containsExactly("gateway-2.test");
    }

    @Test
    void anOrderGivenAtAnotherReplicaClosesTheUsersConnectionsHere() throws Exception {
        String frank = "ordered-frank-" + UUID.randomUUID();
        try (PushClient here = PushClient.connect(server, tokens.user(frank), "");
             PushClient again = PushClient.connect(server, tokens.user(frank), "taskId=" + UUID.randomUUID())) {
            here.greeting();
            again.greeting();
            long order = orders.place(frank, second).await().atMost(DB);

            for (PushClient client : List.of(here, again)) {
                PushClient.Closed closed = client.awaitClose();
                assertThat(closed.code()).isEqualTo((short) 4001);
                assertThat(closed.reason()).isEqualTo("disconnected by an administrator");
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(orders.results(order).await().atMost(DB))
                    .as("this replica reported what it closed").containsValue(2).hasSize(1));
        }
    }

    private RequestSpecification asOperator() {
        return given().header("Authorization", "Bearer " + operator);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
