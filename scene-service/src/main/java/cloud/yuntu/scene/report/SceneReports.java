package cloud.yuntu.scene.report;

import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.scene.SceneConfig;
import cloud.yuntu.scene.analysis.AnalysisLimits;
import cloud.yuntu.scene.analysis.MissingDependencies;
import cloud.yuntu.scene.analysis.ReportSize;
import cloud.yuntu.scene.analysis.SceneAnalyser;
import cloud.yuntu.scene.analysis.UploadManifest;
import cloud.yuntu.scene.parse.ParseLimits;
import cloud.yuntu.scene.storage.FileServiceClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Reports by content: a scene whose SHA-256 was analysed before is answered from the catalog;
 * otherwise it is parsed and the report stored. Blocking: call from worker threads.
 */
@ApplicationScoped
public class SceneReports {

    private final ReportCatalog catalog;
    private final FileServiceClient files;
    private final SceneAnalyser analyser;
    private final MeterRegistry metrics;
    private final AnalysisSlots slots;
    private final int maxReportBytes;

    /** Every analysis slot is taken; the caller may retry (HTTP answers 503 with Retry-After). */
    public static final class AnalysesBusy extends RuntimeException {
        AnalysesBusy() {
            super("every analysis slot is taken", null, false, false);
        }
    }

    /** How a request without a free slot is treated: refused at once (HTTP), or waits its turn (Kafka). */
    public enum WhenBusy { REFUSE, WAIT }

    SceneReports(ReportCatalog catalog, FileServiceClient files, SceneConfig config, MeterRegistry metrics,
            AnalysisSlots slots) {
        this.catalog = catalog;
        this.files = files;
        this.metrics = metrics;
        this.slots = slots;
        SceneConfig.Limits l = config.limits();
        this.maxReportBytes = l.maxReportBytes();
        this.analyser = new SceneAnalyser(new ParseLimits(l.maxTokenBytes(), l.keptValueTokens(), l.maxChunkDepth(),
                l.maxLeafBytes()), new AnalysisLimits(l.maxLayers(), l.maxCameras(), l.maxDependencies(), l.maxWarnings(),
                l.maxReportBytes(), l.maxFactBytes()));
    }

    /** A scene uploaded to this service (spooled to disk by the HTTP layer). */
    public SceneReport ofUpload(Path file, String name, List<String> uploadedPaths, WhenBusy whenBusy) throws IOException,
            InterruptedException {
        String sha256 = sha256(file);
        Optional<SceneReport> known = catalog.find(sha256).await().indefinitely();
        if (known.isPresent()) {
            return answer(known.get(), name, uploadedPaths, "hit");
        }
        take(whenBusy);
        try (InputStream in = Files.newInputStream(file)) {
            return analysed(in, name, uploadedPaths);
        } finally {
            slots.give();
        }
    }

    /** A scene stored by file-service: its recorded digest first, the bytes only when the report is not known. */
    public SceneReport ofStoredScene(String key, List<String> uploadedPaths, WhenBusy whenBusy) throws IOException,
            InterruptedException {
        String name = key.substring(key.lastIndexOf('/') + 1);
        Optional<String> sha256 = files.sha256(key);
        if (sha256.isPresent()) {
            Optional<SceneReport> known = catalog.find(sha256.get()).await().indefinitely();
            if (known.isPresent()) {
                return answer(known.get(), name, uploadedPaths, "hit");
            }
        }
        take(whenBusy);
        try (InputStream in = files.open(key)) {
            return analysed(in, name, uploadedPaths);
        } finally {
            slots.give();
        }
    }

    private void take(WhenBusy whenBusy) throws InterruptedException {
        if (whenBusy == WhenBusy.WAIT) {
            slots.take();
        } else if (!slots.tryTake()) {
            throw new AnalysesBusy();
        }
    }

    private SceneReport analysed(InputStream in, String name, List<String> uploadedPaths) {
        SceneReport report = analyser.analyseForCatalog(in, name);
        catalog.save(report).await().indefinitely();
        return answer(report, name, uploadedPaths, "miss");
    }

    private SceneReport answer(SceneReport report, String name, List<String> uploadedPaths, String cache) {
        metrics.counter("yuntu.scene.reports", "cache", cache).increment();
        SceneReport named = MissingDependencies.renamed(report, name);
        SceneReport answered = MissingDependencies.check(named, uploadedPaths == null ? null : UploadManifest.of(uploadedPaths));
        // Missing-dependency warnings repeat paths: the answer, not only the stored report, must fit a Kafka record.
        ReportSize.check(answered, maxReportBytes);
        return answered;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }
}
