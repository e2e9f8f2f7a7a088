package cloud.yuntu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.local.LocalFarm;
import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live push as a browser lives it: it loses its connection mid-task, or the gateway restarts
 * under it, and on reconnecting with the last seq it saw it has every event of its stream exactly
 * once, in order; two gateway replicas serve one user's connections the same stream, and an
 * operator sees and disconnects them on both.
 */
@ExtendWith({FarmUnderTest.class, FarmLogsOnFailure.class})
class LivePushEndToEndTest {

    private static final String SCENE = "Autodesk__maya-usd__test__testSamples__displayColors__ColorTestStandardSurface.ma";
    private static final Duration TASK_TIME = Duration.ofMinutes(4);

    static LocalFarm farm;
    static String gateway;

    @TempDir
    Path work;

    @BeforeAll
    static void farm(LocalFarm started) {
        farm = started;
        gateway = farm.url(FarmService.GATEWAY).toString();
    }

    @Test
    void aClientThatLosesItsConnectionMidTaskGetsEveryEventOnceInOrder() throws Exception {
        TaskApi api = new TaskApi(gateway, farm.tokens().user("live-" + UUID.randomUUID()));
        String sceneKey = api.upload(Scenes.withSimulation(work, SCENE, "yuntu.simulate.msPerFrame", "400")).getString("key");
        // A tab that stays connected throughout: what the other must end up with.
        try (TaskEventsSocket steady = new TaskEventsSocket(gateway, api.token(), "")) {
            Stream first = new Stream();
            String taskId;
            try (TaskEventsSocket flaky = new TaskEventsSocket(gateway, api.token(), "")) {
                taskId = api.submit(sceneKey, "1-8", 160, 90).toString();
                await().atMost(TASK_TIME).until(() -> flaky.envelopes("task:progress").size() >= 2);
                first.take(flaky.envelopes());
            }
            // Away while frames render.
            Thread.sleep(1500);
            try (TaskEventsSocket back = new TaskEventsSocket(gateway, api.token(), first.resumeQuery())) {
                api.awaitStatus(UUID.fromString(taskId), "COMPLETED", TASK_TIME);
                await().atMost(Duration.ofSeconds(20)).until(() -> !back.envelopes("task:completed").isEmpty());
                Stream resumed = first.resumedBy(back.envelopes());

                assertThat(resumed.seqs()).as("every seq once, without gaps").isEqualTo(range(first.greetingSeq + 1,
                        resumed.lastSeq()));
                await().atMost(Duration.ofSeconds(20)).until(() -> !steady.envelopes("task:completed").isEmpty());
                long completedSeq = resumed.seqOf("task:completed");
                assertThat(resumed.upTo(completedSeq).ids()).as("the same events as a tab that never left, in the same order")
                        .isEqualTo(new Stream().takeAfter(steady.envelopes(), first.greetingSeq).upTo(completedSeq).ids());
                assertThat(resumed.events()).contains("task:status", "task:progress", "task:completed");
            }
        }
    }

    @Test
    void aGatewayRestartMidTaskLosesNoEventForAClientThatResumes() throws Exception {
        TaskApi api = new TaskApi(gateway, farm.tokens().user("restart-" + UUID.randomUUID()));
        String sceneKey = api.upload(Scenes.withSimulation(work, SCENE, "yuntu.simulate.msPerFrame", "500")).getString("key");
        Stream before = new Stream();
        UUID taskId;
        try (TaskEventsSocket socket = new TaskEventsSocket(gateway, api.token(), "")) {
            taskId = api.submit(sceneKey, "1-8", 160, 90);
            await().atMost(TASK_TIME).until(() -> socket.envelopes("task:progress").size() >= 1);
            farm.restart(FarmService.GATEWAY);
            socket.closed().get(30, TimeUnit.SECONDS);
            before.take(socket.envelopes());
        }
        try (TaskEventsSocket back = new TaskEventsSocket(gateway, api.token(), before.resumeQuery())) {
            api.awaitStatus(taskId, "COMPLETED", TASK_TIME);
            await().atMost(Duration.ofSeconds(30)).until(() -> !back.envelopes("task:completed").isEmpty());
            Stream resumed = before.resumedBy(back.envelopes());

            assertThat(resumed.seqs()).as("every seq once, without gaps").isEqualTo(range(before.greetingSeq + 1,
                    resumed.lastSeq()));
            assertThat(resumed.events()).as("nothing of the task's life is missing").contains("task:status", "task:completed");
            List<String> statuses = resumed.envelopes.values().stream().filter(e -> "task:status".equals(e.path("event").asText()))
                    .map(e -> e.path("data").path("to").asText()).toList();
            assertThat(statuses).contains("RENDERING", "COMPLETED");
        }
    }

    @Test
    void twoGatewayReplicasServeOneUsersTwoConnectionsTheSameStream() throws Exception {
        String other = farm.startGatewayReplica().baseUrl().toString();
        TaskApi api = new TaskApi(gateway, farm.tokens().user("replicas-" + UUID.randomUUID()));
        String sceneKey = api.upload(Scenes.withSimulation(work, SCENE, "yuntu.simulate.msPerFrame", "100")).getString("key");
        try (TaskEventsSocket onFirst = new TaskEventsSocket(gateway, api.token(), "");
             TaskEventsSocket onSecond = new TaskEventsSocket(other, api.token(), "")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !onFirst.envelopes().isEmpty() && !onSecond.envelopes().isEmpty());
            UUID taskId = api.submit(sceneKey, "1-4", 160, 90);
            api.awaitStatus(taskId, "COMPLETED", TASK_TIME);
            await().atMost(Duration.ofSeconds(30)).until(() -> !onFirst.envelopes("task:completed").isEmpty()
                    && !onSecond.envelopes("task:completed").isEmpty());

            long from = Math.max(greeting(onFirst).path("seq").asLong(), greeting(onSecond).path("seq").asLong());
            // Events after the task's end (its last cost, say) may reach one replica's socket a moment before the
            // other's: the two streams must become equal, not be equal at the instant the first saw the end.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Stream first = new Stream().takeAfter(onFirst.envelopes(), from);
                Stream second = new Stream().takeAfter(onSecond.envelopes(), from);
                assertThat(first.seqs()).isNotEmpty().isEqualTo(second.seqs());
                assertThat(first.ids()).isEqualTo(second.ids());
            });
            assertThat(greeting(onFirst).path("data").path("epoch")).isEqualTo(greeting(onSecond).path("data").path("epoch"));
        }
    }

    @Test
    void adminStatsCountAUsersConnectionsOnTwoReplicasAndDisconnectClosesBoth() throws Exception {
        String other = farm.startGatewayReplica().baseUrl().toString();
        String userId = "everywhere-" + UUID.randomUUID();
        String token = farm.tokens().user(userId);
        TaskApi operator = new TaskApi(gateway, farm.tokens().admin("ops-" + UUID.randomUUID()));
        TaskApi operatorThere = new TaskApi(other, operator.token());
        List<TaskEventsSocket> tabs = new ArrayList<>();
        try (TaskEventsSocket monitor = new TaskEventsSocket(URI.create(other.replaceFirst("^http", "ws") + "/ws/admin?access_token="
                + URLEncoder.encode(operator.token(), StandardCharsets.UTF_8)))) {
            tabs.add(new TaskEventsSocket(gateway, token, ""));
            tabs.add(new TaskEventsSocket(other, token, ""));
            tabs.add(new TaskEventsSocket(other, token, ""));
            for (TaskEventsSocket tab : tabs) {
                await().atMost(Duration.ofSeconds(20)).until(() -> !tab.envelopes().isEmpty());
            }
            String first = operator.request().get("/api/admin/push/stats").then().statusCode(200).extract().jsonPath()
                    .getString("answeredBy.id");
            String second = operatorThere.request().get("/api/admin/push/stats").then().statusCode(200).extract().jsonPath()
                    .getString("answeredBy.id");
            assertThat(second).as("another replica answers there").isNotEqualTo(first);

            // The other replica's connections reach the first's answer with its next snapshot (every 2 s).
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonPath online = operator.request().get("/api/admin/push/users").then().statusCode(200).extract().jsonPath();
                assertThat(online.getInt("users.find { it.userId == '" + userId + "' }.connectionCount")).isEqualTo(3);
                Map<String, Integer> perReplica = new LinkedHashMap<>();
                online.getList("users.find { it.userId == '" + userId + "' }.replicas", Map.class)
                        .forEach(share -> perReplica.put((String) share.get("replicaId"), (Integer) share.get("connectionCount")));
                assertThat(perReplica).isEqualTo(Map.of(first, 1, second, 2));
            });
            JsonPath stats = operator.request().get("/api/admin/push/stats").then().statusCode(200).extract().jsonPath();
            assertThat(stats.getList("replicas.id", String.class)).contains(first, second);
            assertThat(stats.getInt("connections")).isGreaterThanOrEqualTo(3);
            assertThat(stats.getInt("maxConnectionsPerUser")).isGreaterThanOrEqualTo(3);
            await().atMost(Duration.ofSeconds(20)).until(() -> monitor.envelopes("monitor").stream()
                    .anyMatch(message -> connectionsOf(message, userId) == 3));

            JsonPath answer = operatorThere.request().post("/api/admin/push/users/" + userId + "/disconnect").then()
                    .statusCode(202).extract().jsonPath();

            assertThat(answer.getInt("closed")).as("1 on the first replica, 2 on the other").isEqualTo(3);
            assertThat(answer.getList("pending")).isEmpty();
            for (TaskEventsSocket tab : tabs) {
                TaskEventsSocket.Closed closed = tab.closed().get(20, TimeUnit.SECONDS);
                assertThat(closed.code()).isEqualTo(4001);
                assertThat(closed.reason()).isEqualTo("disconnected by an administrator");
            }
            int seen = monitor.envelopes("monitor").size();
            await().atMost(Duration.ofSeconds(20)).until(() -> monitor.envelopes("monitor").stream().skip(seen)
                    .anyMatch(message -> connectionsOf(message, userId) == 0));
            assertThat(monitor.closed()).as("the operator's monitor").isNotDone();
        } finally {
            tabs.forEach(TaskEventsSocket::close);
        }
    }

    /** The user's connections in a {@code monitor} message of {@code /ws/admin}, 0 when not listed. */
    private static int connectionsOf(JsonNode monitor, String userId) {
        for (JsonNode user : monitor.path("data").path("users")) {
            if (userId.equals(user.path("userId").asText())) {
                return user.path("connectionCount").asInt();
            }
        }
        return 0;
    }

    @Test
    @DisplayName("task:log lines arrive while a frame renders")
    void taskLogLinesArriveWhileAFrameRenders() throws Exception {
        TaskApi api = new TaskApi(gateway, farm.tokens().user("logs-" + UUID.randomUUID()));
        String sceneKey = api.upload(Scenes.withSimulation(work, SCENE, "yuntu.simulate.msPerFrame", "2000")).getString("key");
        UUID taskId = api.submit(sceneKey, "1-2", 160, 90);
        try (TaskEventsSocket watcher = new TaskEventsSocket(gateway, api.token(), "taskId=" + taskId);
             TaskEventsSocket wholeStream = new TaskEventsSocket(gateway, api.token(), "")) {
            api.awaitStatus(taskId, "COMPLETED", TASK_TIME);
            await().atMost(Duration.ofSeconds(20)).until(() -> !watcher.envelopes("task:completed").isEmpty()
                    && !wholeStream.envelopes("task:completed").isEmpty());

            List<JsonNode> seen = watcher.envelopes();
            int completed = seen.indexOf(watcher.envelopes("task:completed").getFirst());
            List<JsonNode> logs = seen.subList(0, completed).stream().filter(e -> "task:log".equals(e.path("event").asText()))
                    .toList();
            assertThat(logs).as("the renderer's lines before the task completed").isNotEmpty()
                    .allSatisfy(e -> {
                        assertThat(e.path("data").path("taskId").asText()).isEqualTo(taskId.toString());
                        assertThat(e.has("seq")).as("a live log is not numbered into the stream").isFalse();
                        assertThat(e.path("data").path("dropped").asInt()).isZero();
                    });
            // Each frame's attempt: its batches in order, without gaps, and its log to the end.
            Map<String, List<JsonNode>> byFrame = new LinkedHashMap<>();
            logs.forEach(e -> byFrame.computeIfAbsent(e.path("data").path("frameId").asText() + "/"
                    + e.path("data").path("attempt").asInt(), ignored -> new ArrayList<>()).add(e));
            assertThat(byFrame).as("both frames' logs").hasSize(2);
            byFrame.forEach((frame, batches) -> {
                long next = batches.getFirst().path("data").path("firstLine").asLong();
                List<String> lines = new ArrayList<>();
                for (JsonNode batch : batches) {
                    assertThat(batch.path("data").path("firstLine").asLong()).as("frame %s continues", frame).isEqualTo(next);
                    batch.path("data").path("lines").forEach(line -> lines.add(line.asText()));
                    next += batch.path("data").path("lines").size();
                }
                // The renderer's start, a progress line for each tenth of the frame, its end, Maya's exit.
                assertThat(lines).as("frame %s rendered to the end", frame).hasSizeGreaterThan(12)
                        .contains("// Maya exited with status 0");
            });
            assertThat(wholeStream.envelopes("task:log")).as("no logs without taskId").isEmpty();
        }
    }

    @Test
    void aSixthConnectionClosesTheUsersOldest() throws Exception {
        String token = farm.tokens().user("tabs-" + UUID.randomUUID());
        List<TaskEventsSocket> tabs = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                TaskEventsSocket tab = new TaskEventsSocket(gateway, token, "");
                await().atMost(Duration.ofSeconds(20)).until(() -> !tab.envelopes().isEmpty());
                tabs.add(tab);
            }
            TaskEventsSocket.Closed closed = tabs.getFirst().closed().get(20, TimeUnit.SECONDS);
            assertThat(closed.code()).isEqualTo(4000);
            assertThat(closed.reason()).isEqualTo("replaced: at most 5 connections per user, this was the oldest");
            assertThat(tabs.subList(1, 6)).allSatisfy(tab -> assertThat(tab.closed()).isNotDone());
        } finally {
            tabs.forEach(TaskEventsSocket::close);
        }
    }

    private static JsonNode greeting(TaskEventsSocket socket) {
        return socket.envelopes("connection:established").getFirst();
    }

    private static List<Long> range(long first, long last) {
        List<Long> seqs = new ArrayList<>();
        for (long seq = first; seq <= last; seq++) {
            seqs.add(seq);
        }
        return seqs;
    }

    /** What a client saw of its stream: the envelopes by seq, where it started, and its epoch. */
    private static final class Stream {
        final Map<Long, JsonNode> envelopes = new LinkedHashMap<>();
        long greetingSeq;
        String epoch;
        final List<Long> arrival = new ArrayList<>();

        /** Everything a first connection saw, greeting included. */
        Stream take(List<JsonNode> received) {
            for (JsonNode envelope : received) {
                if ("connection:established".equals(envelope.path("event").asText())) {
                    greetingSeq = envelope.path("seq").asLong();
                    epoch = envelope.path("data").path("epoch").asText();
                } else {
                    add(envelope);
                }
            }
            return this;
        }

        /** The events after {@code seq}, as a connection that was already open saw them. */
        Stream takeAfter(List<JsonNode> received, long seq) {
            greetingSeq = seq;
            received.stream().filter(e -> !"connection:established".equals(e.path("event").asText()))
                    .filter(e -> e.path("seq").asLong() > seq).forEach(this::add);
            return this;
        }

        /** This stream continued by what a resuming connection received. */
        Stream resumedBy(List<JsonNode> received) {
            Stream joined = new Stream();
            joined.greetingSeq = greetingSeq;
            joined.epoch = epoch;
            envelopes.values().forEach(joined::add);
            JsonNode greeting = received.getFirst();
            assertThat(greeting.path("event").asText()).isEqualTo("connection:established");
            assertThat(greeting.path("seq").asLong()).as("the resumed connection continues after its lastSeq").isEqualTo(lastSeq());
            assertThat(received).noneMatch(e -> "resync".equals(e.path("event").asText()));
            received.subList(1, received.size()).forEach(joined::add);
            return joined;
        }

        String resumeQuery() {
            return "lastSeq=" + lastSeq() + "&epoch=" + epoch;
        }

        long lastSeq() {
            return arrival.isEmpty() ? greetingSeq : arrival.getLast();
        }

        private void add(JsonNode envelope) {
            long seq = envelope.path("seq").asLong();
            assertThat(envelopes).as("seq %d arrived once", seq).doesNotContainKey(seq);
            if (!arrival.isEmpty()) {
                assertThat(seq).as("in order").isGreaterThan(arrival.getLast());
            }
            envelopes.put(seq, envelope);
            arrival.add(seq);
        }

        long seqOf(String event) {
            return envelopes.values().stream().filter(e -> event.equals(e.path("event").asText()))
                    .mapToLong(e -> e.path("seq").asLong()).findFirst().orElseThrow();
        }

        /** The same stream without what came after {@code seq}. */
        Stream upTo(long seq) {
            Stream cut = new Stream();
            cut.greetingSeq = greetingSeq;
            cut.epoch = epoch;
            envelopes.values().stream().filter(e -> e.path("seq").asLong() <= seq).forEach(cut::add);
            return cut;
        }

        List<Long> seqs() {
            return List.copyOf(arrival);
        }

        List<String> ids() {
            return envelopes.values().stream().map(e -> e.path("data").path("id").asText()).toList();
        }

        List<String> events() {
            return envelopes.values().stream().map(e -> e.path("event").asText()).distinct().toList();
        }
    }
}
