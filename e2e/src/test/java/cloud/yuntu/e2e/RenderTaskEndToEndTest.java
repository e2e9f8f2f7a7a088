package cloud.yuntu.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.digest.ContentDigest;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.local.LocalFarm;
import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton: a Maya scene uploaded through the gateway renders on the agents, and
 * what the user downloads is exactly what the agents reported.
 */
@ExtendWith({FarmUnderTest.class, FarmLogsOnFailure.class})
class RenderTaskEndToEndTest {

    static LocalFarm farm;
    static String gateway;
    static TaskApi api;

    @TempDir
    Path work;

    @BeforeAll
    static void farm(LocalFarm started) {
        farm = started;
        gateway = farm.url(FarmService.GATEWAY).toString();
        api = new TaskApi(gateway, farm.tokens().user("artist-1"));
    }

    @Test
    void tenFrameTaskRendersToVerifiedResultsWithLiveProgress() throws Exception {
        Path scene = Scenes.withSimulation(work, "Autodesk__maya-usd__test__testSamples__displayColors__ColorTestStandardSurface.ma",
                "yuntu.simulate.msPerFrame", "300");
        String sceneKey = api.upload(scene).getString("key");

        // The socket opens before the task exists, so it must see the whole life of the task.
        try (TaskEventsSocket socket = new TaskEventsSocket(gateway, api.token(), "")) {
            UUID taskId = api.submit(sceneKey, "1-10", 320, 180);

            JsonPath task = api.awaitStatus(taskId, "COMPLETED", Duration.ofMinutes(4));
            List<Map<String, Object>> frames = api.frames(taskId);
            assertThat(frames).extracting(f -> f.get("status")).hasSize(10).containsOnly("SUCCEEDED");

            // What the agents reported, per frame, for the attempt that succeeded.
            Map<Integer, Integer> finalAttempt = new HashMap<>();
            frames.forEach(f -> finalAttempt.put((Integer) f.get("number"), (Integer) f.get("attempt")));
            Map<String, FrameOutput> reported = new HashMap<>();
            for (FrameCompleted completed : FrameEventsLog.completions(farm.broker().bootstrapServers(), taskId)) {
                for (FrameOutput output : completed.outputs()) {
                    if (finalAttempt.get(output.frame()) == completed.attempt()) {
                        reported.put(output.object().key(), output);
                    }
                }
            }
            assertThat(reported).hasSize(10);

            JsonPath results = api.results(taskId);
            List<Map<String, Object>> listed = results.getList("$");
            assertThat(listed).hasSize(10);
            for (Map<String, Object> result : listed) {
                String key = (String) result.get("key");
                assertThat(key).matches("results/\\d{8}/" + taskId + "/.+");
                FrameOutput output = reported.get(key);
                assertThat(output).as("reported output for " + key).isNotNull();
                assertThat(result.get("sha256")).isEqualTo(output.object().sha256());
                assertThat(result.get("xxh64")).isEqualTo(output.object().xxh64());

                ContentDigest.Digests downloaded;
                // A presigned URL is its own credential: no token.
                try (InputStream in = given().get((String) result.get("url")).then().statusCode(200).extract().asInputStream()) {
                    downloaded = ContentDigest.of(in);
                }
                assertThat(downloaded.sha256()).isEqualTo(output.object().sha256());
                assertThat(downloaded.xxh64()).isEqualTo(output.object().xxh64());
                assertThat(downloaded.size()).isEqualTo(output.object().size());
            }

            assertFrameLogReadable(taskId, frames.get(4));

            await().atMost(Duration.ofSeconds(20)).until(() -> socket.envelopes("task:completed").size() >= 1);
            Thread.sleep(1000); // a second completion, were there one, would arrive right behind the first
            assertThat(socket.envelopes("task:completed")).hasSize(1);
            List<Double> percents = socket.envelopes("task:progress").stream()
                    .filter(e -> taskId.toString().equals(e.path("data").path("taskId").asText()))
                    .map(e -> e.path("data").path("percent").asDouble()).toList();
            assertThat(percents).isNotEmpty().isSorted();
            assertThat(percents.getLast()).isEqualTo(100.0);
            List<Long> seqs = socket.envelopes().stream().map(e -> e.path("seq").asLong()).toList();
            assertThat(seqs).isSorted().doesNotHaveDuplicates();
            assertThat(socket.envelopes("task:completed")).allSatisfy(e ->
                    assertThat(e.path("data").path("taskId").asText()).isEqualTo(taskId.toString()));
            JsonNode completed = socket.envelopes("task:completed").getFirst();
            assertThat(completed.path("data").path("taskId").asText()).isEqualTo(taskId.toString());
        }
    }

    /**
     * The renderer's lines of a frame, as the agent batched them on farm.frame-logs, downloaded through the
     * gateway from file-service's archive: listed for the frame's final attempt by the agent that rendered it,
     * and read back as text with the simulated renderer's own lines, complete.
     */
    private static void assertFrameLogReadable(UUID taskId, Map<String, Object> frame) {
        String frameId = (String) frame.get("id");
        int attempt = (Integer) frame.get("attempt");
        int number = (Integer) frame.get("number");
        String[] text = new String[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Response log = api.request().get("/api/files/logs/" + taskId + "/frames/" + frameId);
            assertThat(log.statusCode()).as(log.asString()).isEqualTo(200);
            text[0] = new String(log.asByteArray(), StandardCharsets.UTF_8);
            // The agent sends the last batch when the renderer exits: the renderer's last line is in it.
            assertThat(text[0]).contains("Yuntu simulated renderer 1.0", "frame " + number, "320x180")
                    .endsWith("// Maya exited with status 0\n");
            assertThat(log.header("Content-Disposition")).contains(taskId + "-" + frameId + "-" + attempt + ".log");
        });
        assertThat(text[0]).doesNotContain("missing …]");
        List<Map<String, Object>> logged = api.request().get("/api/files/logs/" + taskId)
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(logged).filteredOn(a -> frameId.equals(a.get("frameId")) && a.get("attempt").equals(attempt))
                .singleElement().satisfies(a -> {
                    assertThat(a.get("agentId")).isEqualTo(frame.get("agentId"));
                    assertThat(((Number) a.get("lines")).longValue()).isEqualTo(text[0].split("\n").length);
                    assertThat(((Number) a.get("missingLines")).longValue()).isZero();
                });
        // Another user: the answer of a task that does not exist.
        new TaskApi(gateway, farm.tokens().user("artist-2")).request()
                .get("/api/files/logs/" + taskId + "/frames/" + frameId).then().statusCode(404);
    }

    /** One partition per lane is what lets every agent of the pool with the renderer take any task's frames. */
    @Test
    void everyLaneQueuesItsJobsOnOnePartition() throws Exception {
        try (Admin admin = farm.broker().admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(Topics.frameJobs("basic", "arnold"),
                    Topics.frameJobs("high", "redshift"))).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).as(t.name()).hasSize(1));
        }
    }
}
