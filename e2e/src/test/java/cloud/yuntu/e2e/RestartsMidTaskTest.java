package cloud.yuntu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.local.LocalFarm;
import cloud.yuntu.deploy.local.ServiceProcess;
import cloud.yuntu.deploy.postgres.PostgresCluster;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The farm's parts go away while a task renders and come back: the database, each service. The task still
 * ends COMPLETED with every frame rendered and counted once, billed exactly, its results listed once
 * ({@link ExactTask}). Services that crash are SIGKILLed (nothing of theirs is flushed or handed back);
 * the database, scene-service and the gateway are stopped and started as in a rollout.
 */
@ExtendWith({FarmUnderTest.class, FarmLogsOnFailure.class})
class RestartsMidTaskTest {

    /** Frames and their simulated render time: two waves on the farm's 4 slots, so the fault meets frames in flight and waiting. */
    private static final String FRAMES = "1-8";
    private static final int FRAME_COUNT = 8;
    private static final String MS_PER_FRAME = "1500";
    private static final Duration TASK_TIME = Duration.ofMinutes(4);
    private static final Duration START_TIME = Duration.ofMinutes(3);

    static LocalFarm farm;
    static PostgresCluster postgres;
    static TaskApi api;
    static String kafka;

    @TempDir
    Path work;

    @BeforeAll
    static void farm(LocalFarm started, PostgresCluster database) {
        farm = started;
        postgres = database;
        api = new TaskApi(farm.url(FarmService.GATEWAY).toString(), farm.tokens().user("restarts-" + UUID.randomUUID()));
        kafka = farm.broker().bootstrapServers();
    }

    @Test
    void postgresStoppedWhileFramesRenderAndStartedAgain() throws Exception {
        UUID taskId = submit(FRAMES, MS_PER_FRAME);
        awaitSucceeded(taskId, 1);
        awaitRunning(taskId);

        try (FrameEventsTail tail = new FrameEventsTail(kafka)) {
            postgres.stop();
            try {
                // Down until an agent reported a frame finished meanwhile: an event no service could store then.
                FrameEvent during = tail.awaitFinished(taskId, Duration.ofSeconds(60));
                assertThat(during.taskId()).isEqualTo(taskId);
            } finally {
                postgres.start();
            }
        }

        api.awaitStatus(taskId, "COMPLETED", TASK_TIME);
        ExactTask.assertExact(api, kafka, taskId, FRAME_COUNT);
    }

    @Test
    void taskServiceKilledMidTaskAndStartedAgain() throws Exception {
        crashMidTask(FarmService.TASK);
    }

    @Test
    void fileServiceKilledMidTaskAndStartedAgain() throws Exception {
        crashMidTask(FarmService.FILE);
    }

    /** Down while a task waits for its analysis: the request waits on farm.scene-analysis, then the task renders. */
    @Test
    void sceneServiceStoppedWhileATaskIsAnalysedAndStartedAgain() throws Exception {
        ServiceProcess scene = farm.service(FarmService.SCENE);
        scene.process().stop();
        UUID taskId;
        try {
            taskId = submit("1-4", "500");
            assertThat(api.task(taskId).getString("status")).isIn("SUBMITTED", "ANALYSING");
        } finally {
            scene.process().start();
            scene.awaitReady(START_TIME);
        }
        api.awaitStatus(taskId, "COMPLETED", TASK_TIME);
        ExactTask.assertExact(api, kafka, taskId, 4);
    }

    /** The browser's live stream reconnects after the gateway is back and gets the task's end; the API answers again. */
    @Test
    void gatewayRestartedMidTask() throws Exception {
        String gateway = farm.url(FarmService.GATEWAY).toString();
        UUID taskId;
        JsonNode greeting;
        long lastSeq;
        try (TaskEventsSocket socket = new TaskEventsSocket(gateway, api.token(), "")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !socket.envelopes().isEmpty());
            greeting = socket.envelopes().getFirst();
            taskId = submit(FRAMES, MS_PER_FRAME);
            awaitSucceeded(taskId, 1);
            farm.restart(FarmService.GATEWAY);
            socket.closed().get(30, TimeUnit.SECONDS);
            List<JsonNode> seen = socket.envelopes();
            lastSeq = seen.getLast().path("seq").asLong();
        }
        String resume = "lastSeq=" + lastSeq + "&epoch=" + greeting.path("data").path("epoch").asText();
        try (TaskEventsSocket back = new TaskEventsSocket(gateway, api.token(), resume)) {
            api.awaitStatus(taskId, "COMPLETED", TASK_TIME);
            String id = taskId.toString();
            await().atMost(Duration.ofSeconds(30)).until(() -> back.envelopes("task:completed").stream()
                    .anyMatch(e -> id.equals(e.path("data").path("taskId").asText())));
            List<Long> seqs = back.envelopes().stream().skip(1).map(e -> e.path("seq").asLong()).toList();
            assertThat(seqs).as("the stream resumes after the last seq seen, without gaps or repeats")
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(lastSeq + 1, lastSeq + seqs.size()).boxed().toList());
        }
        ExactTask.assertExact(api, kafka, taskId, FRAME_COUNT);
    }

    /** SIGKILL mid-task, as a crash or the OOM killer would, then the same process started again. */
    private void crashMidTask(FarmService service) throws Exception {
        UUID taskId = submit(FRAMES, MS_PER_FRAME);
        awaitSucceeded(taskId, 1);

        ServiceProcess process = farm.service(service);
        process.process().kill();
        process.process().start();
        process.awaitReady(START_TIME);

        api.awaitStatus(taskId, "COMPLETED", TASK_TIME);
        ExactTask.assertExact(api, kafka, taskId, FRAME_COUNT);
    }

    private UUID submit(String frames, String msPerFrame) throws Exception {
        Path scene = Scenes.withSimulation(work, Scenes.BASE, "yuntu.simulate.msPerFrame", msPerFrame);
        return api.submit(scene, frames, 160, 90);
    }

    /** A frame renders now: the fault meets it in flight. */
    private static void awaitRunning(UUID taskId) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> !api.frames(taskId, "RUNNING").isEmpty());
    }

    private static void awaitSucceeded(UUID taskId, int frames) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
                .until(() -> api.frames(taskId, "SUCCEEDED").size() >= frames);
    }
}
