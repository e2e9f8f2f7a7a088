package cloud.yuntu.agent.transfer;

import cloud.yuntu.agent.AgentConfig;
import cloud.yuntu.contracts.digest.ContentDigest;
import cloud.yuntu.contracts.frame.SceneManifest;
import cloud.yuntu.contracts.frame.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Local copies of scenes and assets keyed by SHA-256, so frames of one task download their
 * scene once per node. A file enters the cache only after its size and digests matched while it
 * was written; a job gets hard links (or copies) at the paths the scene expects.
 */
@ApplicationScoped
public class SceneCache {

    private static final Logger LOG = Logger.getLogger(SceneCache.class);

    private final AgentConfig config;
    private final FileServiceClient fileService;

    SceneCache(AgentConfig config, FileServiceClient fileService) {
        this.config = config;
        this.fileService = fileService;
    }

    /**
     * Places the scene and its assets under {@code sceneDir}; returns the scene file.
     *
     * @param grant the job's grant, presented with every presign (file-service lets an agent read
     *        only what the grant of a job it holds names)
     */
    public Path materialize(SceneManifest manifest, String grant, Path sceneDir) throws IOException,
            InterruptedException, TransferFailed {
        Path scene = inside(sceneDir, manifest.sceneFileName());
        place(cached(manifest.scene(), grant), scene);
        for (SceneManifest.Asset asset : manifest.assets()) {
            place(cached(asset.object(), grant), inside(sceneDir, asset.path()));
        }
        return scene;
    }

    /** The verified local copy of {@code object}, fetched when not cached yet. */
    Path cached(StoredObject object, String grant) throws IOException, InterruptedException, TransferFailed {
        Path target = cacheDir().resolve(object.sha256().toLowerCase());
        if (Files.isRegularFile(target) && Files.size(target) == object.size()) {
            return target;
        }
        int attempts = config.transfer().uploadAttempts();
        TransferFailed last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                download(object, grant, target);
                return target;
            } catch (TransferFailed e) {
                last = e;
                if (!e.retryable()) {
                    break;
                }
            } catch (IOException e) {
                last = new TransferFailed("Download of " + object.key() + " failed: " + e.getMessage(), true, e);
            }
            LOG.warnf("Attempt %d/%d to fetch %s failed: %s", attempt, attempts, object.key(), last.getMessage());
            Thread.sleep(config.transfer().retryBackoff().toMillis() << (attempt - 1));
        }
        throw last;
    }

    private void download(StoredObject object, String grant, Path target)
            throws IOException, InterruptedException, TransferFailed {
        URI url = fileService.presign(object.key(), "GET", grant);
        HttpRequest request = HttpRequest.newBuilder(url).GET().build();
        HttpResponse<InputStream> response = fileService.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        Path temp = cacheDir().resolve(".partial-" + UUID.randomUUID());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new TransferFailed("GET " + object.key() + " answered " + response.statusCode(),
                        response.statusCode() >= 500, null);
            }
            ContentDigest digest = new ContentDigest();
            try (OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = body.read(buffer)) >= 0; ) {
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            ContentDigest.Digests got = digest.finish();
            if (got.size() != object.size() || !got.sha256().equalsIgnoreCase(object.sha256())
                    || object.xxh64() != null && !got.xxh64().equalsIgnoreCase(object.xxh64())) {
                throw new TransferFailed("Downloaded " + object.key() + " does not match its manifest: got "
                        + got + ", expected " + object, true, null);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void place(Path cached, Path at) throws IOException {
        Files.createDirectories(at.getParent());
        Files.deleteIfExists(at);
        try {
            Files.createLink(at, cached);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException crossDeviceOrUnsupported) {
            Files.copy(cached, at, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Rejects manifest paths that would escape the job's scene folder. */
    static Path inside(Path dir, String relative) throws TransferFailed {
        Path resolved = dir.resolve(relative).normalize();
        if (!resolved.startsWith(dir.normalize()) || resolved.equals(dir.normalize())) {
            throw new TransferFailed("Manifest path " + relative + " leaves the scene folder", false, null);
        }
        return resolved;
    }

    private Path cacheDir() throws IOException {
        return Files.createDirectories(config.workDir().resolve("cache").resolve("sha256"));
    }
}
