package cloud.yuntu.file.storage;

import cloud.yuntu.contracts.digest.ContentDigest;
import cloud.yuntu.contracts.digest.ContentDigest.Digests;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.platform.problem.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Objects as files under a root directory, key segments as directories. A write goes to a
 * temporary file in {@code <root>/.staging} (same volume, so the final rename is atomic), is
 * fsynced, then renamed over the key's path; readers see either the old or the new file,
 * never a partial one, and a crash leaves at most an orphaned staging file (the store audit removes it).
 * Folders are made for a key's segments as needed and removed again once a delete left them empty.
 * Multipart uploads keep their parts in {@code <root>/.uploads/<upload>/<partNumber>.part} (each written
 * to a temporary file and renamed, so a part is whole or absent); completion concatenates them into a
 * staging file while hashing, committed like any other write.
 */
public final class LocalDiskStore implements StoreBackend {

    private static final Logger LOG = Logger.getLogger(LocalDiskStore.class);
    private static final String STAGING = ".staging";
    /** Parts of multipart uploads, one directory per upload; beside the staging area, on the same volume. */
    private static final String UPLOADS = ".uploads";
    private static final String PART_SUFFIX = ".part";
    private static final int CHUNK = 256 * 1024;
    /**
     * How often a commit creates its folders again when a concurrent delete or failed write removed them
     * (empty) before its rename; each time needs another removal to win the same instant.
     */
    private static final int COMMIT_ATTEMPTS = 10;

    private final Path root;
    private final Path staging;
    private final Path uploads;

    public LocalDiskStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.staging = this.root.resolve(STAGING);
        this.uploads = this.root.resolve(UPLOADS);
        try {
            Files.createDirectories(staging);
            Files.createDirectories(uploads);
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

    Path uploads() {
        return uploads;
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
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            // Missing, or the directory of other objects' keys: no object has this key.
            return Optional.empty();
        }
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
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        boolean deleted = Files.deleteIfExists(file);
        if (deleted) {
            syncDirectory(file.getParent());
            removeEmptyFolders(file.getParent());
        }
        return deleted;
    }

    /**
     * A folder is not an object: the folders a removed object leaves empty go with it, deepest first, up
     * to the root (which stays). Each removal is the file system's own check that the folder is empty
     * ({@link Files#delete} of a folder), so a folder a concurrent commit put a file in stays, and so do
     * its parents; a commit that created the folder and had not yet renamed its file into it finds it gone
     * and creates it again ({@link StagedFile#commit}).
     */
    private void removeEmptyFolders(Path folder) {
        for (Path d = folder; d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
            try {
                Files.delete(d);
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (NoSuchFileException e) {
                // A concurrent delete removed it first; its parent may be empty now as well.
            } catch (IOException e) {
                LOG.debugf(e, "Cannot remove the empty folder %s", d);
                return;
            }
        }
    }

    /**
     * Walks the folder of {@code prefix} in tree order (each folder's entries by name), which is the order
     * of the cursor: the key of the page's last object.
     */
    @Override
    public Page<ListedObject> list(String prefix, String cursor, int limit) throws IOException {
        if (!prefix.endsWith("/") || !ObjectKey.isValid(prefix.substring(0, prefix.length() - 1))) {
            throw new IllegalArgumentException("not a folder of keys: " + prefix);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("a page holds at least one object");
        }
        List<String> after = null;
        if (cursor != null) {
            if (!cursor.startsWith(prefix)) {
                throw new IllegalArgumentException("not a cursor of " + prefix + ": " + cursor);
            }
            after = List.of(cursor.substring(prefix.length()).split("/"));
        }
        List<ListedObject> found = new ArrayList<>();
        collect(pathOf(ObjectKey.of(prefix.substring(0, prefix.length() - 1))), prefix, after, found, limit);
        return new Page<>(found, found.size() < limit ? Optional.empty() : Optional.of(found.getLast().key().value()));
    }

    /**
     * Adds the objects below {@code folder} that follow the key segments {@code after} (null: all of
     * them) to {@code found}, in tree order.
     *
     * @return false once {@code found} holds {@code limit}
     */
    private static boolean collect(Path folder, String folderKey, List<String> after, List<ListedObject> found,
            int limit) throws IOException {
        List<String> names;
        try (Stream<Path> children = Files.list(folder)) {
            names = children.map(child -> child.getFileName().toString()).sorted().toList();
        } catch (NoSuchFileException | NotDirectoryException e) {
            // Removed (or replaced by an object) since its parent was read.
            return true;
        }
        for (String name : names) {
            List<String> rest = null;
            if (after != null) {
                int order = name.compareTo(after.getFirst());
                if (order < 0) {
                    continue;
                }
                if (order == 0) {
                    // On the cursor's path: only what follows it below this name.
                    rest = after.subList(1, after.size());
                }
            }
            String key = folderKey + name;
            if (!ObjectKey.isValid(key)) {
                continue;
            }
            Path child = folder.resolve(name);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                continue;
            }
            if (attributes.isDirectory()) {
                if (!collect(child, key + "/", rest == null || rest.isEmpty() ? null : rest, found, limit)) {
                    return false;
                }
            } else if (attributes.isRegularFile() && rest == null) {
                // (A file on the cursor's path is the cursor itself, or comes before it in tree order.)
                found.add(new ListedObject(ObjectKey.of(key), attributes.size(), attributes.lastModifiedTime().toInstant()));
                if (found.size() >= limit) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The staging files ({@code .staging/<file>}, of no upload) and the upload folders
     * ({@code .uploads/<upload>}, of that upload, last modified when its newest part was), by name. Read
     * whole for every page: the area holds only what is in flight, or left by a crash.
     */
    @Override
    public Page<WorkEntry> listWork(String cursor, int limit) throws IOException {
        List<WorkEntry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(staging)) {
            for (Path file : files.toList()) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isRegularFile()) {
                        entries.add(new WorkEntry(STAGING + "/" + file.getFileName(), Optional.empty(),
                                attributes.lastModifiedTime().toInstant()));
                    }
                } catch (NoSuchFileException e) {
                    // Committed or discarded meanwhile.
                }
            }
        }
        try (Stream<Path> folders = Files.list(uploads)) {
            for (Path folder : folders.toList()) {
                String upload = folder.getFileName().toString();
                if (isUploadReference(upload) && Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                    lastModifiedBelow(folder).ifPresent(modified ->
                            entries.add(new WorkEntry(UPLOADS + "/" + upload, Optional.of(upload), modified)));
                }
            }
        }
        List<WorkEntry> page = entries.stream()
                .filter(entry -> cursor == null || entry.name().compareTo(cursor) > 0)
                .sorted(Comparator.comparing(WorkEntry::name))
                .limit(limit)
                .toList();
        return new Page<>(page, page.size() < limit ? Optional.empty() : Optional.of(page.getLast().name()));
    }

    /** The latest modification of the folder or a file in it; empty once it is gone. */
    private static Optional<Instant> lastModifiedBelow(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            Instant latest = Files.getLastModifiedTime(folder, LinkOption.NOFOLLOW_LINKS).toInstant();
            for (Path file : files.toList()) {
                try {
                    Instant modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
                    latest = modified.isAfter(latest) ? modified : latest;
                } catch (NoSuchFileException e) {
                    // A temporary part renamed meanwhile; the folder's own time moved with it.
                }
            }
            return Optional.of(latest);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void removeWork(WorkEntry entry) throws IOException {
        String name = entry.name();
        String file = name.substring(name.indexOf('/') + 1);
        if (name.startsWith(STAGING + "/") && !file.isEmpty() && file.indexOf('/') < 0 && !file.startsWith(".")) {
            Files.deleteIfExists(staging.resolve(file));
        } else if (name.startsWith(UPLOADS + "/") && isUploadReference(file)) {
            abort(file);
        } else {
            throw new IllegalArgumentException("not in the working area of this store: " + name);
        }
    }

    /** The nearest parent of {@code target} below the root that is a file, i.e. another object. */
    private Optional<Path> objectAbove(Path target) {
        for (Path parent = target.getParent(); parent != null && parent.startsWith(root) && !parent.equals(root);
                parent = parent.getParent()) {
            if (Files.isRegularFile(parent, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(parent);
            }
        }
        return Optional.empty();
    }

    Path pathOf(ObjectKey key) {
        Path path = root.resolve(key.value()).normalize();
        if (!path.startsWith(root) || path.startsWith(staging) || path.startsWith(uploads)) {
            // ObjectKey rules make this unreachable; the check keeps the store safe on its own.
            throw ProblemException.invalidField("key", "resolves outside the object store");
        }
        return path;
    }

    @Override
    public String initiate() throws IOException {
        String upload = UUID.randomUUID().toString();
        Files.createDirectory(uploads.resolve(upload));
        return upload;
    }

    /** The part streams into a temporary file of the upload, checked, fsynced, then renamed over the part. */
    @Override
    public StoredPart putPart(String upload, int partNumber, InputStream body, long length, byte[] expectedMd5)
            throws IOException {
        Path directory = uploadDirectory(upload);
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "no such upload");
        }
        Path temp = directory.resolve(partNumber + "." + UUID.randomUUID() + ".tmp");
        try {
            MessageDigest md5 = PartRules.md5();
            byte[] buffer = new byte[CHUNK];
            long received = 0;
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (int n; (n = body.read(buffer)) >= 0; ) {
                    if (received + n > length) {
                        throw PartRules.tooLong(length);
                    }
                    md5.update(buffer, 0, n);
                    received += n;
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                }
                if (received < length) {
                    throw PartRules.cutOff(received, length);
                }
                out.force(true);
            }
            byte[] digest = md5.digest();
            PartRules.checkMd5(expectedMd5, digest);
            Files.move(temp, partFile(directory, partNumber), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(directory);
            return new StoredPart(partNumber, length, PartRules.hex(digest));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public List<StoredPart> listParts(String upload) throws IOException {
        Path directory = uploadDirectory(upload);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<StoredPart> parts = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(PART_SUFFIX)).toList()) {
                String name = file.getFileName().toString();
                int number = Integer.parseInt(name.substring(0, name.length() - PART_SUFFIX.length()));
                MessageDigest md5 = PartRules.md5();
                long size = 0;
                try (InputStream in = Files.newInputStream(file)) {
                    byte[] buffer = new byte[CHUNK];
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        md5.update(buffer, 0, n);
                        size += n;
                    }
                } catch (NoSuchFileException e) {
                    continue;
                }
                parts.add(new StoredPart(number, size, PartRules.hex(md5.digest())));
            }
        }
        parts.sort(Comparator.comparingInt(StoredPart::partNumber));
        return parts;
    }

    /** Concatenates the parts into a staging file while hashing it, checking each part against its description. */
    @Override
    public StagedObject complete(String upload, ObjectKey key, List<StoredPart> parts, long maxBytes) throws IOException {
        Path directory = uploadDirectory(upload);
        Path temp = staging.resolve(UUID.randomUUID() + ".part");
        try {
            ContentDigest digest = new ContentDigest();
            byte[] buffer = new byte[CHUNK];
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (StoredPart part : parts) {
                    MessageDigest md5 = PartRules.md5();
                    long size = 0;
                    // An open part stays whole even if it is replaced meanwhile; the MD5 tells whether it was.
                    try (InputStream in = Files.newInputStream(partFile(directory, part.partNumber()))) {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            if (digest.size() + n > maxBytes) {
                                throw ProblemException.tooLarge(maxBytes);
                            }
                            md5.update(buffer, 0, n);
                            digest.update(buffer, 0, n);
                            size += n;
                            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                            while (chunk.hasRemaining()) {
                                out.write(chunk);
                            }
                        }
                    } catch (NoSuchFileException e) {
                        throw PartRules.changed(part.partNumber());
                    }
                    if (size != part.size() || !PartRules.hex(md5.digest()).equals(part.md5())) {
                        throw PartRules.changed(part.partNumber());
                    }
                }
                out.force(true);
            }
            return new StagedFile(key, temp, digest.finish());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    @Override
    public void abort(String upload) throws IOException {
        Path directory = uploadDirectory(upload);
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
        syncDirectory(uploads);
    }

    private Path uploadDirectory(String upload) {
        // A reference this store made: a canonical UUID, so it cannot name anything outside the uploads.
        if (!isUploadReference(upload)) {
            throw new IllegalArgumentException("not an upload of this store: " + upload);
        }
        return uploads.resolve(upload);
    }

    private static boolean isUploadReference(String upload) {
        try {
            return UUID.fromString(upload).toString().equals(upload);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Path partFile(Path directory, int partNumber) {
        return directory.resolve(partNumber + PART_SUFFIX);
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

        /**
         * Keys are paths here, so a key cannot be stored where another key's object is one of its
         * parents, nor where other objects live below it: 409 naming the other key, and both stay
         * intact. The file system decides atomically (a file is never renamed over a directory, nor
         * a directory created over a file), so two racing writers cannot break each other either.
         */
        @Override
        public void commit() throws IOException {
            Path target = pathOf(key);
            // A folder this commit creates is removed again if the commit fails (a failed write leaves
            // no empty folder that would make the key of that folder look taken).
            List<Path> created = new ArrayList<>();
            try {
                for (int attempt = 1; ; attempt++) {
                    try {
                        place(target, created);
                        break;
                    } catch (NoSuchFileException e) {
                        // A concurrent commit or delete removed an empty folder of ours between its creation
                        // and the rename: create it again (a few times), unless our own staged file is gone.
                        if (attempt == COMMIT_ATTEMPTS || !Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
                            throw e;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                removeEmpty(created);
                throw e;
            }
            committed = true;
            syncDirectory(target.getParent());
        }

        private void place(Path target, List<Path> created) throws IOException {
            Optional<Path> blocking = objectAbove(target);
            if (blocking.isPresent()) {
                throw shadowed(blocking.get());
            }
            try {
                createDirectories(target.getParent(), created);
            } catch (FileAlreadyExistsException | NotDirectoryException e) {
                throw shadowed(objectAbove(target).orElse(target.getParent()));
            }
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) && !removeIfHoldsNoObject(target)) {
                throw prefixOfOthers();
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (FileSystemException e) {
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw prefixOfOthers();
                }
                throw e;
            }
        }

        private ProblemException shadowed(Path object) {
            String other = root.relativize(object).toString().replace(object.getFileSystem().getSeparator(), "/");
            return keyConflict(key + " cannot be stored: " + other + " is an object, so it cannot also be a folder");
        }

        private ProblemException prefixOfOthers() {
            return keyConflict(key + " cannot be stored: other objects' keys start with " + key + "/");
        }

        private ProblemException keyConflict(String detail) {
            return new ProblemException(409, "key-conflict", "Key conflict", detail,
                    List.of(new FieldError("key", detail)));
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

    /** Creates {@code directory} and its missing parents below the root, adding each one it created to {@code created}. */
    private void createDirectories(Path directory, List<Path> created) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path d = directory; !d.equals(root) && !Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS); d = d.getParent()) {
            missing.addFirst(d);
        }
        for (Path d : missing) {
            for (int attempt = 1; ; attempt++) {
                try {
                    Files.createDirectory(d);
                    created.add(d);
                    break;
                } catch (FileAlreadyExistsException e) {
                    if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                        break; // created by a concurrent commit meanwhile: theirs, not ours to remove
                    }
                    // Only an object there is a conflict. Nothing there: a concurrent commit created the
                    // folder and a concurrent delete emptied it away again between our two looks; try again.
                    if (Files.exists(d, LinkOption.NOFOLLOW_LINKS) || attempt == COMMIT_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Removes the folders a failed commit created, deepest first, as long as they are empty. */
    private static void removeEmpty(List<Path> created) {
        for (Path d : created.reversed()) {
            try {
                Files.deleteIfExists(d);
            } catch (DirectoryNotEmptyException e) {
                // Another commit stored something below it meanwhile: it stays, and so do its parents.
                return;
            } catch (IOException e) {
                LOG.warnf(e, "Cannot remove the empty folder %s of a failed write", d);
                return;
            }
        }
    }

    /**
     * A folder is not an object, and one holding no object (left empty by a crash or a removed object)
     * must not keep its path from becoming a key: removes it, deepest folders first, if no file lies
     * anywhere below it. Each removal is the file system's own check that the folder is empty, so an
     * object a concurrent commit puts there meanwhile stops it.
     *
     * @return whether {@code directory} held no object and is gone
     */
    private static boolean removeIfHoldsNoObject(Path directory) throws IOException {
        List<Path> folders;
        try (Stream<Path> tree = Files.walk(directory)) {
            folders = new ArrayList<>();
            for (Path p : (Iterable<Path>) tree::iterator) {
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
                folders.add(p);
            }
        } catch (NoSuchFileException e) {
            return true;
        }
        for (Path folder : folders.reversed()) {
            try {
                Files.deleteIfExists(folder);
            } catch (DirectoryNotEmptyException e) {
                return false;
            }
        }
        return true;
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
