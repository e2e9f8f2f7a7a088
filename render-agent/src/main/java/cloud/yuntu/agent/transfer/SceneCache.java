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
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Local copies of scenes and assets keyed by SHA-256, so frames of one project download each file
 * once per node. A file enters the cache only after its size and digests matched while it was
 * written; a job gets hard links (or copies) at the paths its project lays out
 * ({@link ProjectLayout}). The cache stays within {@code yuntu.agent.cache.max-size}, evicting the
 * least recently used files that no running job links to ({@link CacheEviction}).
 */
@ApplicationScoped
public class SceneCache {

    private static final Logger LOG = Logger.getLogger(SceneCache.class);
    private static final String PARTIAL = ".partial-";

    private final AgentConfig config;
    private final FileServiceClient fileService;
    /** Placing a cached file holds it shared, eviction exclusively: nothing is evicted between check and link. */
    private final ReadWriteLock placing = new ReentrantReadWriteLock();

    SceneCache(AgentConfig config, FileServiceClient fileService) {
        this.config = config;
        this.fileService = fileService;
    }

    /**
     * Places the scene and its assets under {@code projectRoot} as {@link ProjectLayout} lays them
     * out, then trims the cache to its limit.
     *
     * @param grant the job's grant, presented with every presign (file-service lets an agent read
     *        only what the grant of a job it holds names)
     */
    public ProjectLayout materialize(SceneManifest manifest, String grant, Path projectRoot) throws IOException,
            InterruptedException, TransferFailed {
        ProjectLayout layout = ProjectLayout.of(projectRoot, manifest);
        placeCached(manifest.scene(), grant, layout.scene());
        for (SceneManifest.Asset asset : manifest.assets()) {
            try {
                placeCached(asset.object(), grant, layout.assets().get(asset.path()));
            } catch (TransferFailed e) {
                // Named by the path the scene knows it by: an asset's key is only its digest.
                throw new TransferFailed("asset " + asset.path() + ": " + e.getMessage(), e.retryable(), e);
            }
        }
        evictBeyond(config.cache().maxSize().asLongValue());
        return layout;
    }

    /** Links the cached copy of {@code object} at {@code at}, fetching it first when it is not cached. */
    private void placeCached(StoredObject object, String grant, Path at)
            throws IOException, InterruptedException, TransferFailed {
        // A file fetched just now may be evicted by another job's trim before it is linked: fetch again then.
        for (int tries = 0; tries < 3; tries++) {
            Path cachedFile = cached(object, grant);
            placing.readLock().lock();
            try {
                if (Files.isRegularFile(cachedFile)) {
                    place(cachedFile, at);
                    // The file's modification time is its last use, for the least-recently-used order.
                    Files.setLastModifiedTime(cachedFile, FileTime.from(Instant.now()));
                    return;
                }
            } finally {
                placing.readLock().unlock();
            }
        }
        throw new TransferFailed("Cached copy of " + object.key() + " kept being evicted", true, null);
    }

    /** Deletes least recently used files no job links to until the cache holds at most {@code limitBytes}. */
    void evictBeyond(long limitBytes) throws IOException {
        placing.writeLock().lock();
        try (Stream<Path> listed = Files.list(cacheDir())) {
            List<CacheEviction.CachedFile> files = new ArrayList<>();
            for (Path file : listed.filter(f -> !f.getFileName().toString().startsWith(PARTIAL)).toList()) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                files.add(new CacheEviction.CachedFile(file.getFileName().toString(), attributes.size(),
                        attributes.lastModifiedTime().toInstant(), links(file) > 1));
            }
            for (CacheEviction.CachedFile gone : CacheEviction.toEvict(files, limitBytes)) {
                LOG.infof("Evicting %s (%d bytes) from the cache", gone.name(), gone.size());
                Files.deleteIfExists(cacheDir().resolve(gone.name()));
            }
        } finally {
            placing.writeLock().unlock();
        }
    }

    /** Hard links to the file: more than one means a job's project holds it. */
    private static int links(Path file) throws IOException {
        try {
            return (Integer) Files.getAttribute(file, "unix:nlink");
        } catch (UnsupportedOperationException noUnixView) {
            return 1;
        }
    }

    /** The verified local copy of {@code object}, fetched when not cached yet. */
    Path cached(StoredObject object, String grant) throws IOException, InterruptedException, TransferFailed {
        Path target = cacheDir().resolve(object.sha256().toLowerCase());
        if (Files.isRegularFile(target) && Files.size(target) == object.size()) {
            return target;
        }
        TransferAttempts attempts = new TransferAttempts(config.transfer().uploadAttempts(), config.transfer().retryBackoff(),
                config.transfer().unavailablePatience());
        while (true) {
            TransferFailed failed;
            try {
                download(object, grant, target);
                return target;
            } catch (TransferFailed e) {
                failed = e;
            } catch (IOException e) {
                failed = new TransferFailed("Download of " + object.key() + " failed: " + e, true, e);
            }
            Optional<java.time.Duration> wait = attempts.after(failed, java.time.Instant.now());
            if (wait.isEmpty()) {
                throw failed;
            }
            LOG.warnf("Fetch of %s failed (%s; %d of %d counted attempts), trying again in %d ms: %s", object.key(),
                    failed.unavailable() ? "file-service unavailable" : "attempt failed", attempts.counted(),
                    config.transfer().uploadAttempts(), wait.get().toMillis(), failed.getMessage());
            Thread.sleep(wait.get().toMillis());
        }
    }

    private void download(StoredObject object, String grant, Path target)
            throws IOException, InterruptedException, TransferFailed {
        URI url = fileService.presign(object.key(), "GET", grant);
        HttpRequest request = HttpRequest.newBuilder(url).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = fileService.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw TransferFailed.unavailable("GET " + object.key() + " failed: " + e, e);
        }
        Path temp = cacheDir().resolve(PARTIAL + UUID.randomUUID());
        try (InputStream body = response.body()) {
            if (TransferFailed.unavailableStatus(response.statusCode())) {
                throw TransferFailed.unavailable("GET " + object.key() + " answered " + response.statusCode(), null);
            }
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

    private Path cacheDir() throws IOException {
        return Files.createDirectories(config.workDir().resolve("cache").resolve("sha256"));
    }
}
