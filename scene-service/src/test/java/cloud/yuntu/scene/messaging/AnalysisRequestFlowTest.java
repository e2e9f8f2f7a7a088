package cloud.yuntu.scene.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.json.EventSerializer;
import cloud.yuntu.contracts.json.SceneAnalysisResultDeserializer;
import cloud.yuntu.contracts.scene.SceneAnalysed;
import cloud.yuntu.contracts.scene.SceneAnalysisFailed;
import cloud.yuntu.contracts.scene.SceneAnalysisRequested;
import cloud.yuntu.contracts.scene.SceneAnalysisResult;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.scene.FileServiceDouble;
import cloud.yuntu.scene.HostileScenes;
import cloud.yuntu.testsupport.DeadLetterLog;
import cloud.yuntu.testsupport.InjectKafkaBroker;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Requests on farm.scene-analysis are answered once on farm.scene-results, through the real broker. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(FileServiceDouble.class)
@QuarkusTestResource(TokenResource.class)
class AnalysisRequestFlowTest {

    @InjectKafkaBroker
    KafkaBroker broker;

    @Test
    void aRequestIsAnsweredOnceEvenWhenDelivered() throws Exception {
        UUID taskId = UUID.randomUUID();
        String good = "scenes/20260101/" + taskId + "/Autodesk__maya-usd__test__testSamples__rhino_rig__anim_001.ma";
        String bad = "scenes/20260101/" + taskId + "/garbage.mb";
        SceneAnalysisRequested request = new SceneAnalysisRequested(UUID.randomUUID(), Instant.now(), good, taskId,
                List.of("textures/wood.png"));
        SceneAnalysisRequested broken = new SceneAnalysisRequested(UUID.randomUUID(), Instant.now(), bad, taskId, List.of());

        try (KafkaConsumer<String, SceneAnalysisResult> consumer = consumer();
                KafkaProducer<String, SceneAnalysisRequested> producer = producer()) {
            consumer.subscribe(List.of(Topics.SCENE_RESULTS));
            producer.send(new ProducerRecord<>(Topics.SCENE_ANALYSIS, good, request)).get();
            producer.send(new ProducerRecord<>(Topics.SCENE_ANALYSIS, good, request)).get(); // redelivery
            producer.send(new ProducerRecord<>(Topics.SCENE_ANALYSIS, bad, broken)).get();

            List<ConsumerRecord<String, SceneAnalysisResult>> results = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && results.size() < 2) {
                consumer.poll(Duration.ofMillis(500)).forEach(results::add);
            }
            // Give a duplicate answer time to appear, if one were coming.
            long quiet = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < quiet) {
                consumer.poll(Duration.ofMillis(500)).forEach(results::add);
            }

            assertThat(results).hasSize(2);
            // No user is behind a request: file-service was asked with scene-service's own credential only.
            assertThat(FileServiceDouble.CALLS).contains("scene-service [service] objects " + good)
                    .filteredOn(c -> c.endsWith(" " + good) || c.endsWith(" " + bad))
                    .allMatch(c -> c.startsWith("scene-service [service] "));
            ConsumerRecord<String, SceneAnalysisResult> first = results.get(0);
            assertThat(first.key()).isEqualTo(good);
            assertThat(first.value()).isInstanceOfSatisfying(SceneAnalysed.class, a -> {
                assertThat(a.taskId()).isEqualTo(taskId);
                assertThat(a.report().references()).hasSize(1);
                assertThat(a.report().warnings()).anyMatch(w -> w.code().equals("missing-dependency"));
            });
            ConsumerRecord<String, SceneAnalysisResult> second = results.get(1);
            assertThat(second.key()).isEqualTo(bad);
            assertThat(second.value()).isInstanceOfSatisfying(SceneAnalysisFailed.class, f -> {
                assertThat(f.code()).isEqualTo("malformed");
                assertThat(f.offset()).isNotNull();
            });
        }
    }

    /**
     * uploadedPaths null: dependencies are not checked; []: nothing was uploaded beside the scene, every
     * dependency is missing. A hostile scene is answered limit-exceeded with the analysis' own message.
     */
    @Test
    void uploadedPathsNullAndEmptyDifferAndAHostileSceneFailsWithLimitExceeded() throws Exception {
        UUID taskId = UUID.randomUUID();
        String texture = "scenes/20260102/" + taskId + "/Autodesk__maya-usd__test__lib__usd__translators__UsdExportTextureTest__rel_project__scenes__TextureTest.ma";
        String hostile = "scenes/20260102/" + taskId + "/hostile.ma";
        FileServiceDouble.serve(hostile, HostileScenes.layersAndCameras(3000, 3000));
        SceneAnalysisRequested unchecked = new SceneAnalysisRequested(UUID.randomUUID(), Instant.now(), texture, taskId, null);
        SceneAnalysisRequested nothingUploaded = new SceneAnalysisRequested(UUID.randomUUID(), Instant.now(), texture, taskId,
                List.of());
        SceneAnalysisRequested refused = new SceneAnalysisRequested(UUID.randomUUID(), Instant.now(), hostile, taskId, null);

        try (KafkaConsumer<String, SceneAnalysisResult> consumer = consumer();
                KafkaProducer<String, SceneAnalysisRequested> producer = producer()) {
            consumer.subscribe(List.of(Topics.SCENE_RESULTS));
            for (SceneAnalysisRequested request : List.of(unchecked, nothingUploaded, refused)) {
                producer.send(new ProducerRecord<>(Topics.SCENE_ANALYSIS, request.sceneKey(), request)).get();
            }
            Map<UUID, SceneAnalysisResult> byRequest = new java.util.HashMap<>();
            Map<UUID, UUID> answerIds = new java.util.HashMap<>();
            for (SceneAnalysisRequested request : List.of(unchecked, nothingUploaded, refused)) {
                answerIds.put(UUID.nameUUIDFromBytes(("scene-result:" + request.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        request.id());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && byRequest.size() < 3) {
                for (ConsumerRecord<String, SceneAnalysisResult> record : consumer.poll(Duration.ofMillis(500))) {
                    UUID request = answerIds.get(record.value().id());
                    if (request != null) {
                        byRequest.put(request, record.value());
                    }
                }
            }

            assertThat(byRequest.get(unchecked.id())).isInstanceOfSatisfying(SceneAnalysed.class, a -> {
                assertThat(a.report().dependencies()).isNotEmpty();
                assertThat(a.report().warnings()).noneMatch(w -> w.code().equals("missing-dependency"));
            });
            assertThat(byRequest.get(nothingUploaded.id())).isInstanceOfSatisfying(SceneAnalysed.class, a ->
                    assertThat(a.report().warnings()).filteredOn(w -> w.code().equals("missing-dependency"))
                            .hasSize(a.report().dependencies().size()));
            assertThat(byRequest.get(refused.id())).isInstanceOfSatisfying(SceneAnalysisFailed.class, f -> {
                assertThat(f.code()).isEqualTo("limit-exceeded");
                assertThat(f.message()).isEqualTo("the scene has 3001 render layers; at most 200 are analysed");
                assertThat(f.offset()).isNull();
                assertThat(f.taskId()).isEqualTo(taskId);
            });
        }
    }

    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    /**
     * Neither an unreadable record nor a request that cannot be answered stops the channel or is lost: each
     * goes to farm.dead-letters (a request without a scene key as the check finds it, one whose key the
     * database refuses to record as answered as PostgreSQL refuses it), counted, and the next request is
     * answered.
     */
    @Test
    void requestsThatCannotBeAnsweredBecomeDeadLettersAndTheNextIsAnswered() throws Exception {
        UUID marker = UUID.randomUUID();
        String good = "scenes/20260104/" + marker + "/Autodesk__maya-usd__test__testSamples__rhino_rig__anim_001.ma";
        SceneAnalysisRequested noKey = new SceneAnalysisRequested(UUID.randomUUID(), Instant.now(), null, marker, null);
        // scene.answered_request.scene_key is a varchar(1023): this request can never be recorded as answered.
        SceneAnalysisRequested overlong = new SceneAnalysisRequested(UUID.randomUUID(), Instant.now(),
                "scenes/20260104/" + marker + "/" + "x".repeat(1100) + ".ma", marker, null);
        SceneAnalysisRequested after = new SceneAnalysisRequested(UUID.randomUUID(), Instant.now(), good, marker, null);
        UUID afterAnswer = UUID.nameUUIDFromBytes(("scene-result:" + after.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        double unreadable = letters("unreadable");
        double unprocessable = letters("unprocessable");

        List<SceneAnalysisResult> answers = new ArrayList<>();
        try (KafkaConsumer<String, SceneAnalysisResult> consumer = consumer();
                KafkaProducer<String, SceneAnalysisRequested> producer = producer();
                KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers()), new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            consumer.subscribe(List.of(Topics.SCENE_RESULTS));
            raw.send(new ProducerRecord<>(Topics.SCENE_ANALYSIS, good, ("{\"type\":\"scene.analysis.requested.v1\",\"taskId\":\""
                    + marker + "\"").getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(Topics.SCENE_ANALYSIS, good, noKey)).get();
            producer.send(new ProducerRecord<>(Topics.SCENE_ANALYSIS, good, overlong)).get();
            producer.send(new ProducerRecord<>(Topics.SCENE_ANALYSIS, good, after)).get();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline && answers.stream().noneMatch(a -> a.id().equals(afterAnswer))) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> answers.add(r.value()));
            }
        }
        assertThat(answers).filteredOn(a -> a.id().equals(afterAnswer)).singleElement().isInstanceOf(SceneAnalysed.class);

        List<ConsumerRecord<byte[], byte[]>> letters = DeadLetterLog.lettersNaming(broker, marker.toString(), 3);
        assertThat(letters).allSatisfy(letter -> {
            assertThat(DeadLetterLog.header(letter, "dead-letter-topic")).isEqualTo(Topics.SCENE_ANALYSIS);
            assertThat(DeadLetterLog.header(letter, "dead-letter-service")).isEqualTo("scene-service");
        });
        assertThat(letters).filteredOn(letter -> "unreadable".equals(DeadLetterLog.header(letter, "dead-letter-reason"))).hasSize(1);
        assertThat(letters).filteredOn(letter -> new String(letter.value(), java.nio.charset.StandardCharsets.UTF_8)
                .contains(noKey.id().toString())).singleElement().satisfies(letter -> {
                    assertThat(DeadLetterLog.header(letter, "dead-letter-reason")).isEqualTo("unprocessable");
                    assertThat(DeadLetterLog.header(letter, "dead-letter-cause")).contains("no scene key");
                });
        assertThat(letters).filteredOn(letter -> new String(letter.value(), java.nio.charset.StandardCharsets.UTF_8)
                .contains(overlong.id().toString())).singleElement().satisfies(letter -> {
                    assertThat(DeadLetterLog.header(letter, "dead-letter-reason")).isEqualTo("unprocessable");
                    assertThat(DeadLetterLog.header(letter, "dead-letter-cause")).contains("22001");
                    assertThat(DeadLetterLog.header(letter, "dead-letter-offset")).matches("\\d+");
                });
        assertThat(letters("unreadable")).isEqualTo(unreadable + 1);
        assertThat(letters("unprocessable")).isEqualTo(unprocessable + 2);
    }

    private double letters(String reason) {
        var counter = meters.find("yuntu.dead.letters").tags("topic", Topics.SCENE_ANALYSIS, "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @jakarta.inject.Inject
    cloud.yuntu.scene.report.AnalysisSlots slots;

    /** With every analysis slot taken (by HTTP uploads, say), a request waits for one instead of failing. */
    @Test
    void aRequestWaitsForAnAnalysisSlot() throws Exception {
        UUID taskId = UUID.randomUUID();
        String key = "scenes/20260103/" + taskId + "/waiting.ma";
        FileServiceDouble.serve(key, ("//Maya ASCII 2024 scene\n// " + taskId + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        SceneAnalysisRequested request = new SceneAnalysisRequested(UUID.randomUUID(), Instant.now(), key, taskId, null);
        UUID answerId = UUID.nameUUIDFromBytes(("scene-result:" + request.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int taken = 0;
        List<SceneAnalysisResult> answers = new ArrayList<>();
        try (KafkaConsumer<String, SceneAnalysisResult> consumer = consumer();
                KafkaProducer<String, SceneAnalysisRequested> producer = producer()) {
            consumer.subscribe(List.of(Topics.SCENE_RESULTS));
            try {
                while (slots.tryTake()) {
                    taken++;
                }
                producer.send(new ProducerRecord<>(Topics.SCENE_ANALYSIS, key, request)).get();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (slots.waiting() == 0 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> answers.add(r.value()));
                }
                assertThat(slots.waiting()).isEqualTo(1);
                // Blocked on the slot: it cannot have answered.
                assertThat(answers).noneMatch(a -> a.id().equals(answerId));
            } finally {
                for (int i = 0; i < taken; i++) {
                    slots.give();
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (answers.stream().noneMatch(a -> a.id().equals(answerId)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> answers.add(r.value()));
            }
        }
        assertThat(answers).filteredOn(a -> a.id().equals(answerId)).singleElement()
                .isInstanceOfSatisfying(SceneAnalysed.class, a -> assertThat(a.report().layers().getFirst().imagePrefix())
                        .isEqualTo("waiting"));
    }

    private KafkaProducer<String, SceneAnalysisRequested> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new EventSerializer<>());
    }

    private KafkaConsumer<String, SceneAnalysisResult> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "scene-results-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new SceneAnalysisResultDeserializer());
    }
}
