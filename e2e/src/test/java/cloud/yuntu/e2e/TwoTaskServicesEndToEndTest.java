package cloud.yuntu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameStarted;
import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.local.LocalFarm;
import cloud.yuntu.deploy.local.ServiceProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two task-service replicas dispatch one farm: both are woken by every dispatch signal and race for
 * the release, yet no frame is booked twice. Against the real broker and database, with the
 * packaged services as processes.
 */
@ExtendWith({FarmUnderTest.class, FarmLogsOnFailure.class})
class TwoTaskServicesEndToEndTest {

    static LocalFarm farm;
    static TaskApi api;

    @TempDir
    Path work;

    @BeforeAll
    static void farm(LocalFarm started) {
        farm = started;
        api = new TaskApi(farm.url(FarmService.GATEWAY).toString(), farm.tokens().user("artist-3"));
    }

    @Test
    void noFrameIsBookedTwiceWhileTwoReplicasRelease() throws Exception {
        ServiceProcess second = farm.startReplica(FarmService.TASK);
        try {
            Path scene = Scenes.withSimulation(work, Scenes.BASE, "yuntu.simulate.msPerFrame", "150");
            UUID taskId = api.submit(scene, "1-24", 160, 90);
            api.awaitStatus(taskId, "COMPLETED", Duration.ofMinutes(4));

            List<FrameJob> jobs = jobsOf(taskId);
            Map<UUID, Long> jobsPerFrame = jobs.stream().collect(Collectors.groupingBy(FrameJob::frameId, Collectors.counting()));
            assertThat(jobsPerFrame).as("jobs released per frame").hasSize(24);
            assertThat(jobsPerFrame.values()).as("jobs released per frame").containsOnly(1L);
            assertThat(jobs).extracting(FrameJob::attempt).containsOnly(1);

            List<FrameStarted> starts = FrameEventsLog.events(farm.broker().bootstrapServers(), taskId, FrameStarted.class);
            assertThat(starts.stream().collect(Collectors.groupingBy(FrameStarted::frameId, Collectors.counting())).values())
                    .as("renders per frame").hasSize(24).containsOnly(1L);
            assertThat(api.frames(taskId)).extracting(f -> f.get("status")).hasSize(24).containsOnly("SUCCEEDED");
        } finally {
            second.close();
        }
    }

    /** Every job of the task on any lane's topic, read from the start as a plain consumer would. */
    private static List<FrameJob> jobsOf(UUID taskId) throws IOException {
        List<FrameJob> jobs = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", farm.broker().bootstrapServers(),
                "group.id", "e2e-jobs-audit-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest",
                "enable.auto.commit", "false"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(Pattern.compile("farm\\.frame-jobs\\..*"));
            int emptyPolls = 0;
            while (emptyPolls < 4) {
                var records = consumer.poll(Duration.ofSeconds(1));
                if (records.isEmpty() && !consumer.assignment().isEmpty()) {
                    emptyPolls++;
                }
                for (var r : records) {
                    if (taskId.toString().equals(r.key())) {
                        jobs.add(FarmJson.mapper().readValue(r.value(), FrameJob.class));
                    }
                }
            }
        }
        return jobs;
    }
}
