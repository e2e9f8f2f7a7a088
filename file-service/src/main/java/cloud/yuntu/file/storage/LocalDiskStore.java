package cloud.yuntu.file.storage;

import cloud.yuntu.contracts.digest.ContentDigest;
import cloud.yuntu.contracts.digest.ContentDigest.Digests;
import cloud.yuntu.platform.problem.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Objects as files under a root directory, key segments as directories. A write goes to a
 * temporary file in {@code <root>/.staging} (same volume, so the final rename is atomic), is
 * fsynced, then renamed over the key's path; readers see either the old or the new file,
 * never a partial one, and a crash leaves at most an orphaned staging file.
 */
public final class LocalDiskStore implements ObjectStore {

    private static final Logger LOG = Logger.getLogger(LocalDiskStore.class);
    private static final String STAGING = ".staging";
    private static final int CHUNK = 256 * 1024;

    private final Path root;
    private final Path staging;

    public LocalDiskStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.staging = this.root.resolve(STAGING);
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the object store at " + this.root, e);
        }
    }

    public Path root() {
        return root;
    }

    Path staging() {
        return staging;
    }

    @Override
    public StagedObject stage(ObjectKey key, InputStream body, long maxBytes) throws IOException {
        Path temp = staging.resolve(UUID.randomUUID() + ".part");
        try {
            Digests digests = copy(body, temp, maxBytes);
            return new StagedFile(key, temp, digests);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private static Digests copy(InputStream body, Path temp, long maxBytes) throws IOException {
        ContentDigest digest = new ContentDigest();
        byte[] buffer = new byte[CHUNK];
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int n; (n = body.read(buffer)) >= 0; ) {
                if (digest.size() + n > maxBytes) {
                    throw ProblemException.tooLarge(maxBytes);
                }
                digest.update(buffer, 0, n);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            out.force(true);
        }
        return digest.finish();
    }

    @Override
    public Optional<ObjectContent> open(ObjectKey key) throws IOException {
        Path file = pathOf(key);
        try {
            // Open first, then size the open file: a concurrent replace swaps the directory entry, not these bytes.
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            return Optional.of(new ObjectContent(channel.size(), java.nio.channels.Channels.newInputStream(channel)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean delete(ObjectKey key) throws IOException {
        Path file = pathOf(key);
        boolean deleted = Files.deleteIfExists(file);
        if (deleted) {
            syncDirectory(file.getParent());
        }
        return deleted;
    }

    Path pathOf(ObjectKey key) {
        Path path = root.resolve(key.value()).normalize();
        if (!path.startsWith(root) || path.startsWith(staging)) {
            // ObjectKey rules make this unreachable; the check keeps the store safe on its own.
            throw ProblemException.invalidField("key", "resolves outside the object store");
        }
        return path;
    }

    private final class StagedFile implements StagedObject {

        private final ObjectKey key;
        private final Path temp;
        private final Digests digests;
        private boolean committed;

        StagedFile(ObjectKey key, Path temp, Digests digests) {
            this.key = key;
            this.temp = temp;
            this.digests = digests;
        }

        @Override
        public ObjectKey key() {
            return key;
        }

        @Override
        public Digests digests() {
            return digests;
        }

        @Override
        public void commit() throws IOException {
            Path target = pathOf(key);
            Files.createDirectories(target.getParent());
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = true;
            syncDirectory(target.getParent());
        }

        @Override
        public void close() {
            if (!committed) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.warnf(e, "Cannot remove staging file %s", temp);
                }
            }
        }
    }

    /** Makes the rename itself durable; without it a power loss may bring back the old entry. */
    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some filesystems refuse fsync on directories; the data file itself is already synced.
            LOG.debugf(e, "Cannot fsync directory %s", directory);
        }
    }
}
