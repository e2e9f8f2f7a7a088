package cloud.yuntu.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.agent.transfer.StandInFileService;
import cloud.yuntu.agent.transfer.StandInFileServiceResource;
import cloud.yuntu.contracts.FarmEvent;
import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentCommand.Command;
import cloud.yuntu.contracts.agent.AgentHeartbeat;
import cloud.yuntu.contracts.frame.FencingToken;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.contracts.frame.FrameFailed;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameLogBatch;
import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.contracts.frame.FrameProgress;
import cloud.yuntu.contracts.frame.FrameRange;
import cloud.yuntu.contracts.frame.FrameStarted;
import cloud.yuntu.contracts.frame.SceneManifest;
import cloud.yuntu.contracts.json.AgentHeartbeatDeserializer;
import cloud.yuntu.contracts.json.EventSerializer;
import cloud.yuntu.contracts.json.FrameLogBatchDeserializer;
import cloud.yuntu.contracts.json.LogLines;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.testsupport.InjectKafkaBroker;
import cloud.yuntu.testsupport.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.HexFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent against the real broker: jobs in through the share group, the simulated renderer,
 * outputs to a stand-in of file-service's HTTP API, events and logs out on Kafka.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(StandInFileServiceResource.class)
class RenderAgentTest {

    @InjectKafkaBroker
    KafkaBroker broker;

    StandInFileService files = StandInFileServiceResource.service();
    AgentHarness farm;

    @BeforeEach
    void connect() {
        farm = AgentHarness.connect(broker.bootstrapServers(), files);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        farm.close();
    }

    private List<FrameEvent> eventsOf(FrameJob job) {
        return farm.eventsOf(job.frameId());
    }

    /**
     * The cpu lane's share group is done with the record at {@code offset}: its start offset moved past it, as it does
     * for an acknowledged record (rejected, not released: a released one would hold it back for its redeliveries).
     */
    private void awaitDonePast(long offset) {
        String group = Topics.renderAgentsGroup("cpu", "simulate");
        TopicPartition partition = new TopicPartition(Topics.frameJobs("cpu", "simulate"), 0);
        try (Admin admin = broker.admin()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> admin
                    .listShareGroupOffsets(Map.of(group, new ListShareGroupOffsetsSpec().topicPartitions(List.of(partition))))
                    .partitionsToOffsetInfo(group).get().get(partition).startOffset() > offset);
        }
    }

    private <T extends FrameEvent> T awaitEvent(FrameJob job, Class<T> type, Duration within) {
        return await().atMost(within).until(() -> eventsOf(job).stream().filter(type::isInstance).map(type::cast)
                .findFirst().orElse(null), e -> e != null);
    }

    @Test
    void rendersAJobAndReportsVerifiedOutputs() throws Exception {
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "1200"),
                new FrameRange(1, 3, 1), 120);
        try (TopicReader<FrameLogBatch> logs = new TopicReader<>(broker.bootstrapServers(), Topics.FRAME_LOGS,
                new FrameLogBatchDeserializer())) {
            farm.publish(job);

            FrameCompleted completed = awaitEvent(job, FrameCompleted.class, Duration.ofSeconds(60));

            assertThat(completed.agentId()).isEqualTo(AgentHarness.AGENT_ID);
            assertThat(completed.attempt()).isEqualTo(1);
            assertThat(completed.seconds()).isPositive();
            assertThat(completed.peakMemoryBytes()).as("VmHWM of the renderer process").isPositive();
            assertThat(completed.outputs()).extracting(FrameOutput::frame).containsExactly(1, 2, 3);
            for (FrameOutput output : completed.outputs()) {
                String key = job.resultKeyPrefix() + output.fileName();
                assertThat(output.fileName()).isEqualTo("shot.%04d.png".formatted(output.frame()));
                byte[] uploaded = files.get(key);
                assertThat(uploaded).as("uploaded " + key).isNotNull();
                assertThat(output.object()).isEqualTo(AgentHarness.stored(key, uploaded));
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(uploaded));
                assertThat(image.getWidth()).isEqualTo(64);
                assertThat(image.getHeight()).isEqualTo(48);
            }
            List<FrameEvent> all = eventsOf(job);
            assertThat(all.getFirst()).isInstanceOf(FrameStarted.class);
            assertThat(all.stream().filter(FrameStarted.class::isInstance)).hasSize(1);
            List<Double> progress = all.stream().filter(FrameProgress.class::isInstance)
                    .map(e -> ((FrameProgress) e).percent()).toList();
            assertThat(progress).isNotEmpty().isSorted().allMatch(p -> p >= 0 && p <= 100);
            assertThat(all).as("every report carries the token of the job's first delivery")
                    .allMatch(e -> Long.valueOf(FencingToken.of(1, 1)).equals(e.fencingToken()));
            assertThat(farm.events().records()).filteredOn(r -> r.value().frameId().equals(job.frameId()))
                    .allMatch(r -> r.key().equals(taskId.toString()));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(linesOf(logs, job))
                    .anyMatch(l -> l.contains("| render done in"))
                    .anyMatch(l -> l.contains("// Maya exited with status 0")));
            List<String> lines = linesOf(logs, job);
            assertThat(lines).anyMatch(l -> l.contains("[scene] loading"));
            assertThat(logs.records()).filteredOn(r -> r.value().frameId().equals(job.frameId()))
                    .allMatch(r -> r.key().equals(job.frameId().toString()));
        }
    }

    /** Batches in line order, checking they join without gaps. */
    private static List<String> linesOf(TopicReader<FrameLogBatch> logs, FrameJob job) {
        List<String> lines = new ArrayList<>();
        logs.values().stream().filter(b -> b.frameId().equals(job.frameId()))
                .sorted(java.util.Comparator.comparingLong(FrameLogBatch::firstLine))
                .forEach(b -> {
                    assertThat(b.firstLine()).isEqualTo(lines.size());
                    List<String> unpacked = LogLines.unpack(b.lz4(), b.uncompressedBytes());
                    assertThat(unpacked).hasSize(b.lineCount());
                    lines.addAll(unpacked);
                });
        return lines;
    }

    @Test
    void aFailingFrameIsReportedWithExitCodeReasonAndLogTail() {
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "100",
                "yuntu.simulate.failFrames", "2"), new FrameRange(1, 3, 1), 120);
        farm.publish(job);

        FrameFailed failed = awaitEvent(job, FrameFailed.class, Duration.ofSeconds(60));

        assertThat(failed.exitCode()).isEqualTo(211);
        assertThat(failed.reason()).startsWith("[mtoa] Failed to render frame 2");
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.logTail()).isNotEmpty().last().asString().contains("Render failed on frame 2");
        assertThat(eventsOf(job)).noneMatch(FrameCompleted.class::isInstance);
    }

    @Test
    void aBlackFrameFailsRetryableAndNothingOfItIsUploaded() {
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "0",
                "yuntu.simulate.blackFrames", "2"), new FrameRange(1, 3, 1), 60);
        farm.publish(job);

        FrameFailed failed = awaitEvent(job, FrameFailed.class, Duration.ofSeconds(30));

        assertThat(failed.exitCode()).as("the renderer exited 0").isZero();
        assertThat(failed.reason()).isEqualTo("output shot.0002.png: every pixel is black");
        assertThat(failed.retryable()).isTrue();
        for (int frame = 1; frame <= 3; frame++) {
            String key = job.resultKeyPrefix() + "shot.%04d.png".formatted(frame);
            assertThat(files.get(key)).as("nothing uploaded: " + key).isNull();
        }
        assertThat(eventsOf(job)).noneMatch(FrameCompleted.class::isInstance);
    }

    @Test
    void exrFramesAreCheckedAndUploadedAsOpenExr() {
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "0"), new FrameRange(1, 2, 1),
                "exr");
        farm.publish(job);

        FrameCompleted completed = awaitEvent(job, FrameCompleted.class, Duration.ofSeconds(30));

        assertThat(completed.outputs()).extracting(FrameOutput::fileName).containsExactly("shot.0001.exr", "shot.0002.exr");
        for (FrameOutput output : completed.outputs()) {
            byte[] uploaded = files.get(job.resultKeyPrefix() + output.fileName());
            assertThat(uploaded).as("OpenEXR's magic number").startsWith(0x76, 0x2f, 0x31, 0x01);
        }
    }

    @Test
    void anExrFrameWithNanPixelsFailsRetryableAndNothingOfItIsUploaded() {
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "0",
                "yuntu.simulate.nanFrames", "2"), new FrameRange(1, 3, 1), "exr");
        farm.publish(job);

        FrameFailed failed = awaitEvent(job, FrameFailed.class, Duration.ofSeconds(30));

        assertThat(failed.exitCode()).as("the renderer exited 0").isZero();
        assertThat(failed.reason()).isEqualTo("output shot.0002.exr: 3 NaN pixels in channels R, G, B");
        assertThat(failed.retryable()).isTrue();
        for (int frame = 1; frame <= 3; frame++) {
            String key = job.resultKeyPrefix() + "shot.%04d.exr".formatted(frame);
            assertThat(files.get(key)).as("nothing uploaded: " + key).isNull();
        }
        assertThat(eventsOf(job)).noneMatch(FrameCompleted.class::isInstance);
    }

    @Test
    void aSceneThatFailsOnThisAgentIsReportedRetryable() {
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "0",
                "yuntu.simulate.failOnAgents", "other-agent," + AgentHarness.AGENT_ID), new FrameRange(1, 2, 1), 60);
        farm.publish(job);

        FrameFailed failed = awaitEvent(job, FrameFailed.class, Duration.ofSeconds(30));

        assertThat(failed.exitCode()).isEqualTo(211);
        assertThat(failed.reason()).as("the renderer was told which agent runs it").isEqualTo("[mtoa] Failed to render "
                + "frame 1: out of memory (simulated failure of agent test-agent requested by the scene, "
                + "yuntu.simulate.failOnAgents)");
        assertThat(failed.retryable()).isTrue();
    }

    @Test
    void aSceneThatCannotBeFetchedFailsForGood() {
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.missingScene(taskId), FrameRange.single(1), 120);
        farm.publish(job);

        FrameFailed failed = awaitEvent(job, FrameFailed.class, Duration.ofSeconds(30));

        assertThat(failed.exitCode()).isNull();
        assertThat(failed.reason()).startsWith("scene download failed").contains("404");
        assertThat(failed.retryable()).isFalse();
        assertThat(eventsOf(job)).noneMatch(FrameStarted.class::isInstance);
    }

    /** Bytes no earlier job had, so the agent must presign them rather than take them from its cache. */
    private SceneManifest freshScene(UUID taskId) {
        return farm.scene(taskId, "yuntu.simulate.msPerFrame", "0", "yuntu.test.unique", UUID.randomUUID().toString());
    }

    @Test
    void withoutItsJobsGrantTheAgentCanReadNoScene() {
        UUID taskId = UUID.randomUUID();
        UUID otherTask = UUID.randomUUID();
        SceneManifest scene = freshScene(taskId);
        SceneManifest otherScene = freshScene(otherTask);
        FrameJob noGrant = farm.job(taskId, scene, FrameRange.single(1), 60, null);
        FrameJob anotherJobsGrant = farm.job(taskId, scene, FrameRange.single(1), 60,
                files.grantFor(otherTask, otherScene.scene().key(), TestJobs.resultKeyPrefix(otherTask)));
        farm.publish(noGrant);
        farm.publish(anotherJobsGrant);

        for (FrameJob job : List.of(noGrant, anotherJobsGrant)) {
            FrameFailed failed = awaitEvent(job, FrameFailed.class, Duration.ofSeconds(30));
            assertThat(failed.reason()).startsWith("scene download failed").contains("404");
            assertThat(failed.retryable()).as("no later attempt gets a grant it was not given").isFalse();
            assertThat(eventsOf(job)).noneMatch(FrameStarted.class::isInstance);
        }
        assertThat(files.refusals()).contains("404 GET " + scene.scene().key());
    }

    @Test
    void aGrantForAnotherTasksResultsLetsTheAgentWriteNothing() {
        UUID taskId = UUID.randomUUID();
        UUID otherTask = UUID.randomUUID();
        SceneManifest scene = freshScene(taskId);
        FrameJob job = farm.job(taskId, scene, FrameRange.single(7), 60,
                files.grantFor(taskId, scene.scene().key(), TestJobs.resultKeyPrefix(otherTask)));
        farm.publish(job);

        FrameFailed failed = awaitEvent(job, FrameFailed.class, Duration.ofSeconds(30));

        String key = job.resultKeyPrefix() + "shot.0007.png";
        assertThat(failed.reason()).startsWith("upload failed").contains("404");
        assertThat(files.refusals()).contains("404 PUT " + key);
        assertThat(files.get(key)).isNull();
    }

    @Test
    void theAgentUsesItsOwnCredentialAndFetchesANewTokenWhenItIsRefused() throws Exception {
        UUID first = UUID.randomUUID();
        FrameJob before = farm.job(first, freshScene(first), FrameRange.single(1), 60);
        farm.publish(before);
        awaitEvent(before, FrameCompleted.class, Duration.ofSeconds(30));
        int issued = files.tokensIssued();
        assertThat(issued).as("tokens from the stand-in's token endpoint, for client test-agent").isPositive();

        files.revokeTokens();
        UUID second = UUID.randomUUID();
        SceneManifest scene = freshScene(second);
        FrameJob after = farm.job(second, scene, FrameRange.single(1), 60);
        farm.publish(after);

        awaitEvent(after, FrameCompleted.class, Duration.ofSeconds(30));
        assertThat(files.refusals()).contains("401 GET " + scene.scene().key());
        assertThat(files.tokensIssued()).isGreaterThan(issued);

        // The stand-in refuses what the agent would be refused: no token, even with a good grant.
        String grant = files.grantFor(second, scene.scene().key(), TestJobs.resultKeyPrefix(second));
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(files.url() + "/api/files/presign")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + scene.scene().key()
                        + "\",\"method\":\"GET\",\"grant\":\"" + grant + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void aRendererPastItsTimeoutIsKilledAndTheFrameMayBeRetried() {
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "30000"),
                FrameRange.single(1), 2);
        farm.publish(job);

        FrameFailed failed = awaitEvent(job, FrameFailed.class, Duration.ofSeconds(30));

        assertThat(failed.exitCode()).isNull();
        assertThat(failed.reason()).startsWith("timeout");
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.logTail()).anyMatch(l -> l.contains("[scene] loading"));
    }

    @Test
    void cancelKillsTheRendererAndReportsTheFrameCancelled() {
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "30000"),
                FrameRange.single(1), 120);
        farm.publish(job);
        awaitEvent(job, FrameStarted.class, Duration.ofSeconds(30));

        farm.command(Command.CANCEL_FRAME, job);

        FrameFailed failed = awaitEvent(job, FrameFailed.class, Duration.ofSeconds(15));
        assertThat(failed.reason()).isEqualTo("cancelled");
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.exitCode()).isNull();
    }

    @Test
    void aCancelOfAnEarlierDeliveryLeavesTheRunOfALaterOneRendering() {
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "30000"),
                FrameRange.single(1), 120);
        farm.publish(job);
        FrameStarted started = awaitEvent(job, FrameStarted.class, Duration.ofSeconds(30));
        assertThat(started.fencingToken()).isEqualTo(FencingToken.of(job.attempt(), 1));

        // task-service stopping the delivery before this one (its late cancel, reaching the agent the job came back to).
        farm.cancel(job, FencingToken.of(job.attempt(), 0));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> eventsOf(job).stream().noneMatch(FrameFailed.class::isInstance));

        farm.cancel(job, started.fencingToken());
        assertThat(awaitEvent(job, FrameFailed.class, Duration.ofSeconds(15)).reason()).isEqualTo("cancelled");
    }

    @Test
    void anUploadWhoseDigestsDisagreeIsSentAgain() {
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "0"),
                FrameRange.single(5), 120);
        int putsBefore = files.puts();
        files.corruptNextPuts(1);
        farm.publish(job);

        FrameCompleted completed = awaitEvent(job, FrameCompleted.class, Duration.ofSeconds(30));

        assertThat(files.puts() - putsBefore).isEqualTo(2);
        FrameOutput output = completed.outputs().getFirst();
        assertThat(output.frame()).isEqualTo(5);
        assertThat(output.object()).isEqualTo(AgentHarness.stored(output.object().key(), files.get(output.object().key())));
    }

    /**
     * file-service answering 503 (restarting behind the gateway) more often than a frame has upload attempts:
     * the agent waits for it instead of failing a frame it rendered fine.
     */
    @Test
    void anUploadWaitsForAFileServiceThatIsUnavailableForMoreThanItsAttempts() {
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "0"),
                FrameRange.single(6), 120);
        files.unavailableForNextPutPresigns(7);
        farm.publish(job);

        FrameCompleted completed = awaitEvent(job, FrameCompleted.class, Duration.ofSeconds(60));

        assertThat(eventsOf(job)).noneMatch(FrameFailed.class::isInstance);
        FrameOutput output = completed.outputs().getFirst();
        assertThat(output.object()).isEqualTo(AgentHarness.stored(output.object().key(), files.get(output.object().key())));
    }

    @Test
    void anOutputAlreadyConfirmedWithTheSameContentCountsAsUploaded() {
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "0"),
                FrameRange.single(7), 120);
        farm.publish(job);
        FrameOutput first = awaitEvent(job, FrameCompleted.class, Duration.ofSeconds(30)).outputs().getFirst();
        String key = first.object().key();
        // Its completion was confirmed; then the frame's job is delivered again and rendered once more.
        files.confirm(key, files.get(key));
        FrameJob again = TestJobs.withAttempt(job, 2);
        farm.publish(again);

        FrameCompleted completed = await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(again).stream()
                .filter(e -> e instanceof FrameCompleted c && c.attempt() == 2).map(FrameCompleted.class::cast)
                .findFirst().orElse(null), e -> e != null);

        assertThat(completed.outputs()).containsExactly(first);
        assertThat(files.get(key)).isNotNull();
    }

    @Test
    void anOutputAlreadyConfirmedWithOtherContentFailsTheFrameForGood() {
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "0"),
                FrameRange.single(8), 120);
        String key = job.resultKeyPrefix() + "shot.0008.png";
        byte[] other = {1, 2, 3};
        files.confirm(key, other);
        farm.publish(job);

        FrameFailed failed = awaitEvent(job, FrameFailed.class, Duration.ofSeconds(30));

        assertThat(failed.retryable()).isFalse();
        assertThat(failed.reason()).contains(key, "already a confirmed result with other content",
                AgentHarness.stored(key, other).sha256());
        assertThat(files.get(key)).isEqualTo(other);
    }

    @Test
    void anUnreadableJobIsRejectedAndDoesNotBlockTheNextOne() throws Exception {
        long poison = farm.publishRaw("cpu", "poison",
                "{\"type\":\"frame.job.v1\",\"frames\":\"not a range\"".getBytes());
        UUID taskId = UUID.randomUUID();
        FrameJob job = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "0"), FrameRange.single(1), 60);
        farm.publish(job);

        awaitEvent(job, FrameCompleted.class, Duration.ofSeconds(30));
        // Rejected, not released: the group's start offset moves past it instead of waiting for redeliveries.
        awaitDonePast(poison);
    }

    /**
     * A job that reads well but carries no attempt task-service would give (attempts count from 1): no fencing token
     * can be formed for its reports. It once ended the lane's intake thread on every agent it reached.
     */
    @Test
    void aReadableJobWithAnImpossibleAttemptIsRejectedAndTheLaneGoesOn() throws Exception {
        UUID taskId = UUID.randomUUID();
        SceneManifest scene = farm.scene(taskId, "yuntu.simulate.msPerFrame", "0");
        FrameJob valid = farm.job(taskId, scene, FrameRange.single(1), 60);
        String json = new String(new EventSerializer<FarmEvent>().serialize(null, valid), StandardCharsets.UTF_8);
        String impossible = json.replace("\"attempt\":" + valid.attempt(), "\"attempt\":-1");
        assertThat(impossible).as("the job's attempt on the wire").isNotEqualTo(json);
        long poison = farm.publishRaw("cpu", taskId.toString(), impossible.getBytes(StandardCharsets.UTF_8));
        FrameJob next = farm.job(taskId, scene, FrameRange.single(2), 60);
        farm.publish(next);

        awaitEvent(next, FrameCompleted.class, Duration.ofSeconds(30));
        awaitDonePast(poison);
    }

    @Test
    void aJobForARendererTheAgentLacksIsReportedRetryableAndNotDeliveredAgain() throws Exception {
        UUID taskId = UUID.randomUUID();
        SceneManifest scene = farm.scene(taskId, "yuntu.simulate.msPerFrame", "0");
        FrameJob vray = farm.layerJob(taskId, scene, "vray", null, "persp", "shot", FrameRange.single(1));
        FrameJob next = farm.job(taskId, scene, FrameRange.single(2), 60);
        // Misrouted onto a lane this agent reads: task-service would publish it on the vray lane.
        long offset = farm.publishOn(Topics.frameJobs("cpu", "simulate"), vray);
        farm.publish(next);

        FrameFailed failed = awaitEvent(vray, FrameFailed.class, Duration.ofSeconds(30));
        awaitEvent(next, FrameCompleted.class, Duration.ofSeconds(30));

        assertThat(failed.reason()).isEqualTo("renderer vray is not installed on agent test-agent (it has simulate)");
        assertThat(failed.retryable()).as("another agent, on the vray lane, can render it").isTrue();
        assertThat(failed.exitCode()).isNull();
        assertThat(eventsOf(vray)).noneMatch(FrameStarted.class::isInstance);
        // Rejected once reported, not released: the group moves past it instead of delivering it again
        // (the broker records a new start offset once a later record is done, as with the poison pill).
        awaitDonePast(offset);
        assertThat(eventsOf(vray).stream().filter(FrameFailed.class::isInstance)).hasSize(1);
    }

    /**
     * Having refused a job of a task it is blocklisted for, the agent lets other agents ask for the lane's next jobs
     * for {@code refusal-step-back} (1 s): the next job, published right behind, starts here only after that. Without
     * the step back it started within milliseconds, and a blocklisted agent took most of its task's jobs.
     */
    @Test
    void afterRefusingAJobOfATaskItIsBlocklistedForTheAgentStepsBackBeforeTakingTheNext() throws Exception {
        UUID taskId = UUID.randomUUID();
        SceneManifest scene = farm.scene(taskId, "yuntu.simulate.msPerFrame", "0", "yuntu.test.task", taskId.toString());
        FrameJob refused = TestJobs.excluding(farm.job(taskId, scene, FrameRange.single(1), 60, null), AgentHarness.AGENT_ID);
        UUID nextTask = UUID.randomUUID();
        FrameJob next = farm.job(nextTask, farm.scene(nextTask, "yuntu.simulate.msPerFrame", "0"), FrameRange.single(1), 60);
        farm.publish(refused);
        farm.publish(next);

        FrameFailed failed = awaitEvent(refused, FrameFailed.class, Duration.ofSeconds(30));
        FrameStarted started = awaitEvent(next, FrameStarted.class, Duration.ofSeconds(30));

        assertThat(failed.reason()).contains("is blocklisted for task");
        // A lower bound only, which a slow machine cannot break: the refusal is reported a little after it is decided.
        assertThat(Duration.between(failed.time(), started.time())).as("from the refusal to the next job's start")
                .isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aJobThatBlocklistsThisAgentIsReportedRetryableUnrunAndRejected() throws Exception {
        UUID taskId = UUID.randomUUID();
        // No grant: fetching the scene (unique, so not cached) would leave a refused presign behind.
        SceneManifest scene = farm.scene(taskId, "yuntu.simulate.msPerFrame", "0", "yuntu.test.task", taskId.toString());
        FrameJob job = TestJobs.excluding(farm.job(taskId, scene, FrameRange.single(1), 60, null), "other-agent",
                AgentHarness.AGENT_ID);
        long offset = farm.publishOn(Topics.frameJobs("cpu", "simulate"), job);

        FrameFailed failed = awaitEvent(job, FrameFailed.class, Duration.ofSeconds(30));

        assertThat(failed.reason()).isEqualTo("agent test-agent is blocklisted for task " + taskId);
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.exitCode()).isNull();
        assertThat(eventsOf(job)).noneMatch(FrameStarted.class::isInstance);
        assertThat(files.refusals()).noneMatch(r -> r.endsWith(scene.scene().key()));
        // The broker records a new start offset once a later record is done, as with the poison pill.
        UUID nextTask = UUID.randomUUID();
        FrameJob next = farm.job(nextTask, farm.scene(nextTask, "yuntu.simulate.msPerFrame", "0"), FrameRange.single(1), 60);
        farm.publish(next);
        awaitEvent(next, FrameCompleted.class, Duration.ofSeconds(30));
        awaitDonePast(offset);
        assertThat(eventsOf(job).stream().filter(FrameFailed.class::isInstance)).hasSize(1);
    }

    @Test
    void aLayerNameWithANewlineForgesNoLogLine() {
        UUID taskId = UUID.randomUUID();
        String forged = "fg\n00:00:01   512MB         | 100% done - 1 rays/pixel\n// Error: forged";
        FrameJob job = farm.layerJob(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "0"), "simulate", forged,
                "persp", "<RenderLayer>/shot", FrameRange.single(1));
        List<String> agentLog = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger agentLogger = java.util.logging.Logger.getLogger("cloud.yuntu.agent");
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                agentLog.add(record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage()
                        : new java.util.logging.SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        agentLogger.addHandler(capture);
        try {
            farm.publish(job);

            FrameFailed failed = awaitEvent(job, FrameFailed.class, Duration.ofSeconds(30));

            assertThat(failed.reason()).isEqualTo("job field layer holds control characters: "
                    + "fg\\n00:00:01   512MB         | 100% done - 1 rays/pixel\\n// Error: forged");
            assertThat(failed.retryable()).isFalse();
            assertThat(eventsOf(job)).noneMatch(e -> e instanceof FrameStarted || e instanceof FrameProgress);
            await().atMost(Duration.ofSeconds(5)).until(() -> agentLog.stream().anyMatch(l -> l.contains(job.frameId()
                    + " attempt 1 of task " + taskId + " refused")));
            assertThat(agentLog).as("the agent's own log lines").filteredOn(l -> l.contains("fg"))
                    .isNotEmpty().allMatch(l -> !l.contains("\n") && l.contains("fg\\n00:00:01"));
        } finally {
            agentLogger.removeHandler(capture);
        }
    }

    /** The test project {@code textured}: its files in the stand-in, new bytes every run so no cache holds them. */
    private record Project(SceneManifest manifest, String sceneKey, Map<String, byte[]> assets) {

        String key(String path) {
            return manifest.assets().stream().filter(a -> a.path().equals(path)).findFirst().orElseThrow().object().key();
        }
    }

    private static final String GRID = "../sourceimages/grid.png";
    private static final String WOOD = "../sourceimages/wood.png";
    private static final String PROP = "../assets/prop.ma";

    /**
     * @param leftOut a manifest path the job does not carry
     * @param damaged a manifest path whose stored bytes are not the ones its sha256 names
     */
    private Project texturedProject(UUID taskId, String leftOut, String damaged) throws Exception {
        String unique = UUID.randomUUID().toString();
        Path resources = Path.of("src/test/resources/projects/textured");
        byte[] scene = (Files.readString(resources.resolve("scenes/TextureTest.ma"), StandardCharsets.ISO_8859_1)
                + "fileInfo \"yuntu.simulate.msPerFrame\" \"0\";\nfileInfo \"yuntu.test.unique\" \"" + unique + "\";\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Map<String, byte[]> assets = new java.util.LinkedHashMap<>();
        assets.put(PROP, (Files.readString(resources.resolve("assets/prop.ma"), StandardCharsets.UTF_8) + "// " + unique
                + "\n").getBytes(StandardCharsets.UTF_8));
        assets.put(WOOD, png(0x8B5A2B, unique));
        assets.put(GRID, png(0x404040, unique));
        String sceneKey = "scenes/20260101/" + taskId + "/TextureTest.ma";
        files.put(sceneKey, scene);
        List<SceneManifest.Asset> manifestAssets = new ArrayList<>();
        for (Map.Entry<String, byte[]> asset : assets.entrySet()) {
            if (asset.getKey().equals(leftOut)) {
                continue;
            }
            String sha256 = AgentHarness.digest(asset.getValue()).sha256();
            byte[] stored = asset.getValue().clone();
            if (asset.getKey().equals(damaged)) {
                stored[stored.length / 2] ^= 0x55;
            }
            files.put(SceneManifest.ASSET_KEY_PREFIX + sha256, stored);
            manifestAssets.add(SceneManifest.Asset.of(asset.getKey(), sha256, asset.getValue().length));
        }
        return new Project(new SceneManifest(AgentHarness.stored(sceneKey, scene), "TextureTest.ma", manifestAssets),
                sceneKey, assets);
    }

    /** A small real PNG whose bytes no earlier run made. */
    private static byte[] png(int rgb, String unique) throws Exception {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, rgb);
        image.setRGB(3, 3, unique.hashCode() & 0xFFFFFF);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        // A text chunk would do as well; appended bytes after IEND keep the PNG readable and the content new.
        out.write(unique.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    @Test
    void aProjectsTexturesAndReferencesAreFetchedIntoAnEmptyCacheReadByTheRendererAndReusedByTheNextJob()
            throws Exception {
        UUID taskId = UUID.randomUUID();
        Project project = texturedProject(taskId, null, null);
        List<String> keys = List.of(project.sceneKey(), project.key(PROP), project.key(WOOD), project.key(GRID));
        assertThat(keys).allMatch(k -> files.gets(k) == 0);
        FrameJob first = farm.job(taskId, project.manifest(), FrameRange.single(1), 60);
        try (TopicReader<FrameLogBatch> logs = new TopicReader<>(broker.bootstrapServers(), Topics.FRAME_LOGS,
                new FrameLogBatchDeserializer())) {
            farm.publish(first);

            FrameCompleted completed = awaitEvent(first, FrameCompleted.class, Duration.ofSeconds(30));

            assertThat(keys).as("each file fetched once into the empty cache").allMatch(k -> files.gets(k) == 1);
            String gridSha = HexFormat.of().formatHex(sha256(project.assets().get(GRID)));
            String woodSha = HexFormat.of().formatHex(sha256(project.assets().get(WOOD)));
            String propSha = HexFormat.of().formatHex(sha256(project.assets().get(PROP)));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(linesOf(logs, first))
                    .anyMatch(l -> l.contains("| [mtoa] read reference propRN.reference \"")
                            && l.contains("/project/assets/prop.ma\": ") && l.endsWith("sha256 " + propSha))
                    .anyMatch(l -> l.contains("| [mtoa] read texture prop:woodFile.fileTextureName \"")
                            && l.contains("/project/sourceimages/wood.png\": ") && l.endsWith("sha256 " + woodSha))
                    .anyMatch(l -> l.contains("| [mtoa] read texture file1.fileTextureName \"")
                            && l.contains("/project/sourceimages/grid.png\": ") && l.endsWith("sha256 " + gridSha)));
            // The image's bottom band is the digest of what the renderer read: the reference, its texture, the scene's.
            java.security.MessageDigest read = java.security.MessageDigest.getInstance("SHA-256");
            for (String path : List.of(PROP, WOOD, GRID)) {
                read.update(sha256(project.assets().get(path)));
            }
            byte[] digest = read.digest();
            int band = (digest[0] & 0xFF) << 16 | (digest[1] & 0xFF) << 8 | digest[2] & 0xFF;
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                    files.get(completed.outputs().getFirst().object().key())));
            assertThat(image.getRGB(0, 47) & 0xFFFFFF).isEqualTo(band);
        }

        FrameJob second = farm.job(taskId, project.manifest(), FrameRange.single(2), 60);
        farm.publish(second);

        FrameCompleted again = awaitEvent(second, FrameCompleted.class, Duration.ofSeconds(30));
        assertThat(keys).as("nothing fetched again: the cache holds the project").allMatch(k -> files.gets(k) == 1);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(files.get(again.outputs().getFirst().object().key())));
        BufferedImage firstImage = ImageIO.read(new ByteArrayInputStream(
                files.get(first.resultKeyPrefix() + "shot.0001.png")));
        assertThat(image.getRGB(0, 47)).as("the same files read from the cache").isEqualTo(firstImage.getRGB(0, 47));
    }

    @Test
    void anAssetWhoseBytesDoNotMatchItsDigestFailsTheFrameRetryablyAndNothingIsUploaded() throws Exception {
        UUID taskId = UUID.randomUUID();
        Project project = texturedProject(taskId, null, GRID);
        FrameJob job = farm.job(taskId, project.manifest(), FrameRange.single(1), 60);
        int putsBefore = files.puts();
        farm.publish(job);

        FrameFailed failed = awaitEvent(job, FrameFailed.class, Duration.ofSeconds(30));

        assertThat(failed.reason()).startsWith("scene download failed: asset ../sourceimages/grid.png: Downloaded "
                + project.key(GRID) + " does not match its manifest");
        assertThat(failed.retryable()).as("another fetch, or another node, may get the right bytes").isTrue();
        assertThat(failed.exitCode()).isNull();
        assertThat(files.gets(project.key(GRID))).as("fetched again before giving up").isGreaterThan(1);
        assertThat(eventsOf(job)).noneMatch(e -> e instanceof FrameStarted || e instanceof FrameCompleted);
        assertThat(files.puts()).isEqualTo(putsBefore);
        assertThat(files.get(job.resultKeyPrefix() + "shot.0001.png")).isNull();
    }

    @Test
    void aTextureTheSceneNeedsThatTheJobLacksFailsUnderArnoldForGood() throws Exception {
        UUID taskId = UUID.randomUUID();
        Project project = texturedProject(taskId, GRID, null);
        FrameJob job = farm.job(taskId, project.manifest(), FrameRange.single(1), 60);
        int putsBefore = files.puts();
        farm.publish(job);

        FrameFailed failed = awaitEvent(job, FrameFailed.class, Duration.ofSeconds(30));

        assertThat(failed.exitCode()).isEqualTo(211);
        assertThat(failed.reason()).startsWith("[texturesys] file1: Could not open file \"")
                .endsWith("/project/sourceimages/grid.png\"");
        assertThat(failed.retryable()).as("every node is given the same manifest").isFalse();
        assertThat(failed.logTail()).anyMatch(l -> l.contains("ERROR   |  [texturesys] file1: Could not open file"))
                .anyMatch(l -> l.contains("| [mtoa] read texture prop:woodFile.fileTextureName"));
        assertThat(files.puts()).isEqualTo(putsBefore);
        assertThat(files.get(job.resultKeyPrefix() + "shot.0001.png")).isNull();
    }

    @Test
    void heartbeatsDescribeTheAgent() throws Exception {
        try (TopicReader<AgentHeartbeat> beats = new TopicReader<>(broker.bootstrapServers(), Topics.AGENT_HEARTBEATS,
                new AgentHeartbeatDeserializer())) {
            AgentHeartbeat beat = await().atMost(Duration.ofSeconds(15)).until(() -> beats.records().stream()
                    .filter(r -> AgentHarness.AGENT_ID.equals(r.key())).map(r -> r.value())
                    .filter(h -> h.time().isAfter(java.time.Instant.now().minusSeconds(5))).findFirst().orElse(null),
                    h -> h != null);

            assertThat(beat.agentId()).isEqualTo(AgentHarness.AGENT_ID);
            assertThat(beat.pools()).containsExactly("cpu");
            assertThat(beat.slotsTotal()).isEqualTo(1);
            assertThat(beat.cores()).isPositive();
            assertThat(beat.ramBytes()).isPositive();
            assertThat(beat.renderers()).extracting(AgentHeartbeat.RendererVersion::renderer).contains("simulate");
            assertThat(beat.state()).isEqualTo(AgentHeartbeat.AgentState.ACTIVE);
        }
    }
}
