package cloud.yuntu.scene.messaging;

import cloud.yuntu.contracts.scene.SceneAnalysed;
import cloud.yuntu.contracts.scene.SceneAnalysisFailed;
import cloud.yuntu.contracts.scene.SceneAnalysisRequested;
import cloud.yuntu.contracts.scene.SceneAnalysisResult;
import cloud.yuntu.platform.client.ServiceCredentials;
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
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Answers {@code farm.scene-analysis} requests on {@code farm.scene-results}, key sceneKey.
 * No user is behind a request (task-service checked the scene's owner before asking), so
 * file-service is called with scene-service's own service credential ({@code yuntu.credentials.*}).
 * Idempotent twice over: a request id already answered is skipped, and the answer's id is
 * derived from the request's, so an answer sent again after a crash carries the same id.
 */
@ApplicationScoped
public class AnalysisRequestConsumer {

    private static final Logger LOG = Logger.getLogger(AnalysisRequestConsumer.class);
    /** file-service being briefly away must not fail a task: a few tries before answering failure. */
    private static final int ATTEMPTS = 4;

    private final SceneReports reports;
    private final ReportCatalog catalog;
    private final MutinyEmitter<SceneAnalysisResult> results;
    private final ServiceCredentials credentials;

    AnalysisRequestConsumer(SceneReports reports, ReportCatalog catalog,
            @Channel("scene-results") MutinyEmitter<SceneAnalysisResult> results, ServiceCredentials credentials) {
        this.reports = reports;
        this.catalog = catalog;
        this.results = results;
        this.credentials = credentials;
    }

    @Incoming("scene-analysis")
    @Blocking(ordered = true)
    public void onRequest(SceneAnalysisRequested request) throws InterruptedException {
        if (request == null || request.id() == null || request.sceneKey() == null) {
            LOG.warn("Ignoring an unreadable or incomplete scene analysis request");
            return;
        }
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
