package cloud.yuntu.scene.report;

import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.scene.SceneConfig;
import cloud.yuntu.scene.analysis.MissingDependencies;
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

    SceneReports(ReportCatalog catalog, FileServiceClient files, SceneConfig config, MeterRegistry metrics) {
        this.catalog = catalog;
        this.files = files;
        this.metrics = metrics;
        SceneConfig.Limits l = config.limits();
        this.analyser = new SceneAnalyser(new ParseLimits(l.maxTokenBytes(), l.keptValueTokens(), l.maxChunkDepth(),
                l.maxLeafBytes()));
    }

    /** A scene uploaded to this service (spooled to disk by the HTTP layer). */
    public SceneReport ofUpload(Path file, String name, List<String> uploadedPaths) throws IOException {
        String sha256 = sha256(file);
        Optional<SceneReport> known = catalog.find(sha256).await().indefinitely();
        if (known.isPresent()) {
            return answer(known.get(), name, uploadedPaths, "hit");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return analysed(in, name, uploadedPaths);
        }
    }

    /** A scene stored by file-service: its recorded digest first, the bytes only when the report is not known. */
    public SceneReport ofStoredScene(String key, List<String> uploadedPaths) throws IOException, InterruptedException {
        String name = key.substring(key.lastIndexOf('/') + 1);
        Optional<String> sha256 = files.sha256(key);
        if (sha256.isPresent()) {
            Optional<SceneReport> known = catalog.find(sha256.get()).await().indefinitely();
            if (known.isPresent()) {
                return answer(known.get(), name, uploadedPaths, "hit");
            }
        }
        try (InputStream in = files.open(key)) {
            return analysed(in, name, uploadedPaths);
        }
    }

    private SceneReport analysed(InputStream in, String name, List<String> uploadedPaths) {
        SceneReport report = analyser.analyse(in, name, null);
        catalog.save(report).await().indefinitely();
        return answer(report, name, uploadedPaths, "miss");
    }

    private SceneReport answer(SceneReport report, String name, List<String> uploadedPaths, String cache) {
        metrics.counter("yuntu.scene.reports", "cache", cache).increment();
        SceneReport named = MissingDependencies.renamed(report, name);
        return MissingDependencies.check(named, uploadedPaths == null ? null : UploadManifest.of(uploadedPaths));
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
