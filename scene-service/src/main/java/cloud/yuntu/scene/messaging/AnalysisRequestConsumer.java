package cloud.yuntu.scene.messaging;

import cloud.yuntu.contracts.scene.SceneAnalysed;
import cloud.yuntu.contracts.scene.SceneAnalysisFailed;
import cloud.yuntu.contracts.scene.SceneAnalysisRequested;
import cloud.yuntu.contracts.scene.SceneAnalysisResult;
import cloud.yuntu.platform.client.ServiceCredentials;
import cloud.yuntu.platform.deadletter.DeadLetters;
import cloud.yuntu.platform.deadletter.Poison;
import cloud.yuntu.scene.parse.SceneParseException;
import cloud.yuntu.scene.report.ReportCatalog;
import cloud.yuntu.scene.report.SceneReports;
import cloud.yuntu.scene.report.SceneReports.WhenBusy;
import cloud.yuntu.scene.storage.FileServiceClient.StoredSceneMissing;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Answers {@code farm.scene-analysis} requests on {@code farm.scene-results}, key sceneKey.
 * No user is behind a request (task-service checked the scene's owner before asking), so
 * file-service is called with scene-service's own service credential ({@code yuntu.credentials.*}).
 * Idempotent twice over: a request id already answered is skipped, and the answer's id is
 * derived from the request's, so an answer sent again after a crash carries the same id. A request that
 * cannot be answered ({@link RequestCheck}, or refused as data by the database: platform's {@link Poison})
 * goes to {@code farm.dead-letters}; any other failure (the database or the broker away) is tried again
 * with backoff, so the channel neither stops on one bad request nor loses a good one.
 */
@ApplicationScoped
public class AnalysisRequestConsumer {

    private static final Logger LOG = Logger.getLogger(AnalysisRequestConsumer.class);
    /** file-service being briefly away must not fail a task: a few tries before answering failure. */
    private static final int ATTEMPTS = 4;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(30);

    private final SceneReports reports;
    private final ReportCatalog catalog;
    private final MutinyEmitter<SceneAnalysisResult> results;
    private final ServiceCredentials credentials;
    private final DeadLetters deadLetters;

    AnalysisRequestConsumer(SceneReports reports, ReportCatalog catalog,
            @Channel("scene-results") MutinyEmitter<SceneAnalysisResult> results, ServiceCredentials credentials,
            DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
        this.reports = reports;
        this.catalog = catalog;
        this.results = results;
        this.credentials = credentials;
    }

    @Incoming("scene-analysis")
    @Blocking(ordered = true)
    public void onRequest(ConsumerRecord<String, SceneAnalysisRequested> record) throws InterruptedException {
        SceneAnalysisRequested request = record.value();
        if (request == null) {
            // An unreadable record, already a dead letter (platform's UnreadableRecords).
            return;
        }
        Optional<String> problem = RequestCheck.problem(request);
        if (problem.isPresent()) {
            letter(record, new IllegalArgumentException("scene analysis request " + request.id() + " cannot be answered: "
                    + problem.get()));
            return;
        }
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                answer(request);
                return;
            } catch (RuntimeException e) {
                if (Poison.is(e)) {
                    letter(record, e);
                    return;
                }
                // The database or the broker away: skipping the request would leave its task waiting for good.
                LOG.warnf("Request %s not answered yet (trying again in %d ms): %s", request.id(), backoff.toMillis(), e);
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** The request as a dead letter, tried until the broker has it: skipping it unrecorded would lose it. */
    private void letter(ConsumerRecord<String, SceneAnalysisRequested> record, Throwable cause) {
        deadLetters.unprocessable(record, cause)
                .onFailure().invoke(e -> LOG.warnf("Cannot store a dead letter of %s-%d@%d yet: %s", record.topic(),
                        record.partition(), record.offset(), e))
                .onFailure().retry().withBackOff(FIRST_BACKOFF, LONGEST_BACKOFF).indefinitely()
                .await().indefinitely();
    }

    private void answer(SceneAnalysisRequested request) throws InterruptedException {
        if (catalog.answered(request.id()).await().indefinitely()) {
            LOG.debugf("Request %s already answered", request.id());
            return;
        }
        SceneAnalysisResult result = analyse(request);
        results.sendMessageAndAwait(Message.of(result)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(request.sceneKey()).build()));
        catalog.markAnswered(request.id(), request.sceneKey()).await().indefinitely();
    }

    private SceneAnalysisResult analyse(SceneAnalysisRequested request) throws InterruptedException {
        UUID id = UUID.nameUUIDFromBytes(("scene-result:" + request.id()).getBytes(StandardCharsets.UTF_8));
        String key = request.sceneKey();
        for (int attempt = 1; ; attempt++) {
            try {
                requireOwnToken();
                // null: do not check dependencies; []: nothing uploaded beside the scene, every dependency is missing.
                // A request waits for an analysis slot: Kafka has no one to answer "busy" to.
                return new SceneAnalysed(id, Instant.now(), key, request.taskId(),
                        reports.ofStoredScene(key, request.uploadedPaths(), WhenBusy.WAIT));
            } catch (SceneParseException e) {
                return new SceneAnalysisFailed(id, Instant.now(), key, request.taskId(), e.code(), e.getMessage(),
                        e.offsetOrNull());
            } catch (StoredSceneMissing e) {
                return new SceneAnalysisFailed(id, Instant.now(), key, request.taskId(), "not-found", e.getMessage(), null);
            } catch (IOException e) {
                if (attempt >= ATTEMPTS) {
                    return new SceneAnalysisFailed(id, Instant.now(), key, request.taskId(), "file-service-unavailable",
                            e.getMessage(), null);
                }
                LOG.warnf("Cannot fetch %s (attempt %d): %s", key, attempt, e.getMessage());
                Thread.sleep(1000L << attempt);
            }
        }
    }

    /**
     * Fetches (or reuses) the service token first, so that a token endpoint that refuses or is down
     * is retried like file-service being down, and never taken for an answer of file-service.
     */
    private void requireOwnToken() throws IOException {
        if (!credentials.configured()) {
            throw new IOException("scene-service has no service credential (yuntu.credentials.token-url, "
                    + "client-id, client-secret): file-service would refuse it");
        }
        try {
            credentials.bearer().await().indefinitely();
        } catch (RuntimeException e) {
            throw new IOException("scene-service's service token could not be fetched: " + e.getMessage(), e);
        }
    }
}
