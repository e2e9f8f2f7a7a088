package cloud.yuntu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.frame.FrameFailed;
import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.local.LocalFarm;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing counts as rendered before it is an image: a render node that writes an all-black frame and
 * exits 0 has the frame rejected with the reason, retried, and never listed or billed as a result.
 */
@ExtendWith({FarmUnderTest.class, FarmLogsOnFailure.class})
class VerifiedOutputsEndToEndTest {

    static LocalFarm farm;
    static TaskApi api;

    @TempDir
    Path work;

    @BeforeAll
    static void farm(LocalFarm started) {
        farm = started;
        api = new TaskApi(farm.url(FarmService.GATEWAY).toString(), farm.tokens().user("verified-outputs"));
    }

    @Test
    void aBlackFrameIsRejectedRetriedAndNeverListedAsAResult() throws Exception {
        // The scene renders frame 2 all black on every attempt, exiting 0 as a faulty node would.
        Path scene = Scenes.simulating(Files.createTempDirectory(work, "scene"), Scenes.BASE,
                Map.of("msPerFrame", "200", "blackFrames", "2"));
        UUID taskId = api.submit(Map.of("sceneKey", api.upload(scene).getString("key"), "frames", "1-3",
                "resolution", Map.of("width", 160, "height", 90), "imageFormat", "png", "maxAttempts", 2));
        try {
            JsonPath done = api.awaitStatus(taskId, "COMPLETED", Duration.ofMinutes(4));
            assertThat(done.getInt("progress.framesDone")).isEqualTo(2);
            List<Map<String, Object>> dead = api.frames(taskId, "DEAD");
            assertThat(dead).singleElement().satisfies(f -> {
                assertThat(f.get("number")).isEqualTo(2);
                assertThat(f.get("attempt")).as("retried before it was given up").isEqualTo(2);
            });
            assertThat(done.getList("deadFrames", Map.class)).singleElement()
                    .satisfies(d -> assertThat((String) d.get("reason")).contains("every pixel is black"));

            List<FrameFailed> failures = FrameEventsLog.events(farm.broker().bootstrapServers(), taskId, FrameFailed.class);
            assertThat(failures).as("each attempt rejected by the agent's output check").hasSize(2)
                    .allSatisfy(f -> {
                        assertThat(f.reason()).contains("every pixel is black");
                        assertThat(f.retryable()).isTrue();
                    });

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.results(taskId).getList("frame").size() == 2);
            assertThat(api.results(taskId).getList("frame", Integer.class)).containsExactly(1, 3);
        } finally {
            api.command(taskId, "cancel");
        }
    }
}
