package cloud.yuntu.file.storage.oss;

import cloud.yuntu.contracts.digest.ContentDigest;
import cloud.yuntu.contracts.digest.ContentDigest.Digests;
import cloud.yuntu.file.storage.ObjectKey;
import cloud.yuntu.file.storage.PartRules;
import cloud.yuntu.file.storage.StagedObject;
import cloud.yuntu.file.storage.StoreBackend;
import cloud.yuntu.platform.problem.ProblemException;
import com.aliyun.oss.model.ListObjectsV2Result;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.PartSummary;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Objects in an OSS bucket, named {@code keyPrefix + key}. A write streams to a private staging
 * object {@code keyPrefix + .staging/<uuid>} (no key can name it: key segments never start with
 * '.'), hashed on the way exactly like the local backend. The body is read one part at a time
 * ({@code part-size}): a body that fits in one part is one PutObject, a larger one a multipart
 * upload; every part carries its Content-MD5, so OSS refuses bytes damaged on the way, and a
 * part is sent again whole when OSS fails transiently. Commit copies the staging object over the
 * key inside OSS (CopyObject up to {@link #DEFAULT_COPY_PART}, above that a multipart copy; either
 * shows the object whole or not at all) and deletes the staging object. A failed write leaves at
 * most an orphaned staging object (removed by the store audit), never a partial one under a key.
 *
 * <p>Multipart uploads are OSS multipart uploads of a staging object: each part is held in memory
 * (at most its size), checked against the client's MD5 before anything is sent, and sent with its
 * Content-MD5. Completion lists the parts OSS holds, checks them against their descriptions,
 * completes the OSS upload into the staging object, reads it back to hash it whole and hands it to
 * the same commit. The staging object outlives a failed commit, so the completion can be tried
 * again; {@link #abort} removes it with the OSS upload.
 */
public final class OssStore implements StoreBackend {

    private static final Logger LOG = Logger.getLogger(OssStore.class);
    static final String STAGING = ".staging/";
    private static final char HANDLE_SEPARATOR = ':';
    /** OSS' largest CopyObject; larger objects are copied in parts of this size (UploadPartCopy). */
    static final long DEFAULT_COPY_PART = 1L << 30;
    /** OSS' largest page of ListObjectsV2. */
    private static final int MAX_LIST_KEYS = 1000;

    private final OssOperations oss;
    private final OssSettings settings;
    private final long copyPart;

    public OssStore(OssOperations oss, OssSettings settings) {
        this(oss, settings, DEFAULT_COPY_PART);
    }

    /** @param copyPart the largest single copy, and the part size of larger ones */
    OssStore(OssOperations oss, OssSettings settings, long copyPart) {
        this.oss = oss;
        this.settings = settings;
        this.copyPart = copyPart;
    }

    @Override
    public StagedObject stage(ObjectKey key, InputStream body, long maxBytes) throws IOException {
        String staging = settings.objectName(STAGING + UUID.randomUUID());
        HashingBody hashing = new HashingBody(body, maxBytes);
        byte[] part = new byte[(int) settings.partSize()];
        int length = hashing.fill(part);
        if (length < part.length) {
            oss.put(staging, part, length);
        } else {
            uploadInParts(staging, hashing, part, length);
        }
        return new StagedOssObject(key, staging, hashing.digest.finish(), true);
    }

    /** Sends {@code first} and the rest of the body as parts; the staging object exists only once all arrived. */
    private void uploadInParts(String staging, HashingBody body, byte[] part, int first) throws IOException {
        String uploadId = oss.initiate(staging);
        try {
            List<PartETag> parts = new ArrayList<>();
            for (int length = first; length > 0; length = body.fill(part)) {
                if (parts.size() == OssSettings.MAX_PARTS) {
                    throw new IllegalStateException("more than " + OssSettings.MAX_PARTS + " parts of "
                            + settings.partSize() + " bytes: raise yuntu.file.oss.part-size");
                }
                parts.add(oss.uploadPart(staging, uploadId, parts.size() + 1, part, length));
            }
            oss.complete(staging, uploadId, parts);
        } catch (IOException | RuntimeException e) {
            abortQuietly(staging, uploadId);
            throw e;
        }
    }

    private void abortQuietly(String name, String uploadId) {
        try {
            oss.abort(name, uploadId);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Cannot abort the multipart upload %s of %s", uploadId, name);
        }
    }

    @Override
    public Optional<ObjectContent> open(ObjectKey key) {
        return oss.get(settings.objectName(key.value()))
                .map(object -> new ObjectContent(object.getObjectMetadata().getContentLength(), body(object)));
    }

    @Override
    public boolean delete(ObjectKey key) {
        String name = settings.objectName(key.value());
        if (!oss.exists(name)) {
            return false;
        }
        oss.delete(name);
        return true;
    }

    /** ListObjectsV2 below {@code keyPrefix + prefix}; the cursor is OSS' continuation token. */
    @Override
    public Page<ListedObject> list(String prefix, String cursor, int limit) {
        if (!prefix.endsWith("/") || !ObjectKey.isValid(prefix.substring(0, prefix.length() - 1))) {
            throw new IllegalArgumentException("not a folder of keys: " + prefix);
        }
        ListObjectsV2Result page = page(settings.objectName(prefix), cursor, limit);
        List<ListedObject> objects = new ArrayList<>();
        for (OSSObjectSummary summary : page.getObjectSummaries()) {
            String key = summary.getKey().substring(settings.objectName("").length());
            if (ObjectKey.isValid(key)) {
                objects.add(new ListedObject(ObjectKey.of(key), summary.getSize(), summary.getLastModified().toInstant()));
            }
        }
        return new Page<>(objects, next(page));
    }

    /**
     * The staging objects ({@code .staging/<id>}): of a single write, or the joined parts of the multipart
     * upload whose reference begins with {@code <id>:}. Unfinished OSS multipart uploads are no objects and
     * are not listed: the bucket's lifecycle rule aborts them (see the README).
     */
    @Override
    public Page<WorkEntry> listWork(String cursor, int limit) {
        ListObjectsV2Result page = page(settings.objectName(STAGING), cursor, limit);
        List<WorkEntry> entries = new ArrayList<>();
        for (OSSObjectSummary summary : page.getObjectSummaries()) {
            String name = summary.getKey().substring(settings.objectName("").length());
            String id = name.substring(STAGING.length());
            entries.add(new WorkEntry(name, Optional.of(id + HANDLE_SEPARATOR), summary.getLastModified().toInstant()));
        }
        return new Page<>(entries, next(page));
    }

    private ListObjectsV2Result page(String prefix, String cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a page holds at least one object");
        }
        return oss.list(prefix, cursor, Math.min(limit, MAX_LIST_KEYS));
    }

    private static Optional<String> next(ListObjectsV2Result page) {
        return page.isTruncated() ? Optional.of(page.getNextContinuationToken()) : Optional.empty();
    }

    /** Deleting a staging object that is gone already succeeds, as every OSS delete. */
    @Override
    public void removeWork(WorkEntry entry) {
        String id = entry.name().startsWith(STAGING) ? entry.name().substring(STAGING.length()) : "";
        if (id.isEmpty() || id.indexOf('/') >= 0) {
            throw new IllegalArgumentException("not in the working area of this store: " + entry.name());
        }
        oss.delete(stagingName(id));
    }

    /** The body stream, closing the whole response (and its connection) with it. */
    private static InputStream body(OSSObject object) {
        return new FilterInputStream(object.getObjectContent()) {
            @Override
            public void close() throws IOException {
                object.close();
            }
        };
    }

    @Override
    public String initiate() {
        String id = UUID.randomUUID().toString();
        return id + HANDLE_SEPARATOR + oss.initiate(stagingName(id));
    }

    @Override
    public StoredPart putPart(String upload, int partNumber, InputStream body, long length, byte[] expectedMd5)
            throws IOException {
        Handle handle = Handle.of(upload);
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a part of " + length + " bytes cannot be held in memory");
        }
        byte[] bytes = new byte[(int) length];
        int received = body.readNBytes(bytes, 0, bytes.length);
        if (received < length) {
            throw PartRules.cutOff(received, length);
        }
        if (body.read() >= 0) {
            throw PartRules.tooLong(length);
        }
        MessageDigest md5 = PartRules.md5();
        md5.update(bytes);
        byte[] digest = md5.digest();
        PartRules.checkMd5(expectedMd5, digest);
        oss.uploadPart(stagingName(handle.id()), handle.ossUploadId(), partNumber, bytes, bytes.length);
        return new StoredPart(partNumber, length, PartRules.hex(digest));
    }

    @Override
    public List<StoredPart> listParts(String upload) {
        Handle handle = Handle.of(upload);
        return oss.listParts(stagingName(handle.id()), handle.ossUploadId()).stream()
                .map(part -> new StoredPart(part.getPartNumber(), part.getSize(), md5Of(part.getETag())))
                .toList();
    }

    @Override
    public StagedObject complete(String upload, ObjectKey key, List<StoredPart> parts, long maxBytes) throws IOException {
        Handle handle = Handle.of(upload);
        String staging = stagingName(handle.id());
        // A completion that failed after OSS joined the parts left them in the staging object: hash that one.
        if (!oss.exists(staging)) {
            Map<Integer, PartSummary> held = new HashMap<>();
            oss.listParts(staging, handle.ossUploadId()).forEach(part -> held.put(part.getPartNumber(), part));
            List<PartETag> etags = new ArrayList<>();
            for (StoredPart part : parts) {
                PartSummary summary = held.get(part.partNumber());
                if (summary == null || summary.getSize() != part.size() || !md5Of(summary.getETag()).equals(part.md5())) {
                    throw PartRules.changed(part.partNumber());
                }
                etags.add(new PartETag(part.partNumber(), summary.getETag()));
            }
            oss.complete(staging, handle.ossUploadId(), etags);
        }
        OSSObject joined = oss.get(staging)
                .orElseThrow(() -> new IllegalStateException("the joined upload " + staging + " vanished"));
        HashingBody hashing = new HashingBody(body(joined), maxBytes);
        try (InputStream ignored = hashing.in) {
            byte[] buffer = new byte[256 * 1024];
            while (hashing.fill(buffer) > 0) {
                // Read to the end: only the digests are wanted.
            }
        }
        return new StagedOssObject(key, staging, hashing.digest.finish(), false);
    }

    @Override
    public void abort(String upload) {
        Handle handle = Handle.of(upload);
        String staging = stagingName(handle.id());
        oss.abort(staging, handle.ossUploadId());
        oss.delete(staging);
    }

    private String stagingName(String id) {
        return settings.objectName(STAGING + id);
    }

    /** OSS' ETag of an uploaded part is the MD5 of its bytes, quoted, in capitals. */
    private static String md5Of(String etag) {
        return etag.replace("\"", "").strip().toLowerCase(Locale.ROOT);
    }

    /** The store's reference to an upload: the id of its staging object and OSS' upload id. */
    private record Handle(String id, String ossUploadId) {

        static Handle of(String upload) {
            int separator = upload.indexOf(HANDLE_SEPARATOR);
            if (separator < 0) {
                throw new IllegalArgumentException("not an upload of this store: " + upload);
            }
            String id = upload.substring(0, separator);
            if (!UUID.fromString(id).toString().equals(id)) {
                throw new IllegalArgumentException("not an upload of this store: " + upload);
            }
            return new Handle(id, upload.substring(separator + 1));
        }
    }

    private final class StagedOssObject implements StagedObject {

        private final ObjectKey key;
        private final String staging;
        private final Digests digests;
        /** False for joined parts: their staging object is the upload's until it is aborted. */
        private final boolean ownsStaging;
        private boolean discarded;

        StagedOssObject(ObjectKey key, String staging, Digests digests, boolean ownsStaging) {
            this.key = key;
            this.staging = staging;
            this.digests = digests;
            this.ownsStaging = ownsStaging;
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
        public void commit() {
            String target = settings.objectName(key.value());
            long size = digests.size();
            if (size <= copyPart) {
                oss.copy(staging, target);
                return;
            }
            String uploadId = oss.initiate(target);
            try {
                List<PartETag> parts = new ArrayList<>();
                for (long begin = 0; begin < size; begin += copyPart) {
                    parts.add(oss.uploadPartCopy(staging, target, uploadId, parts.size() + 1, begin,
                            Math.min(copyPart, size - begin)));
                }
                oss.complete(target, uploadId, parts);
            } catch (RuntimeException e) {
                abortQuietly(target, uploadId);
                throw e;
            }
        }

        /** After a commit as without: the staging object is never needed again. */
        @Override
        public void close() {
            if (discarded || !ownsStaging) {
                return;
            }
            discarded = true;
            try {
                oss.delete(staging);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Cannot remove staging object %s", staging);
            }
        }
    }

    /** Hashes and counts the body while parts are read from it, stopping at the size limit. */
    private static final class HashingBody {

        private final InputStream in;
        private final ContentDigest digest = new ContentDigest();
        private final long maxBytes;

        HashingBody(InputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        /** Reads until {@code part} is full or the body ends; the number of bytes read, 0 at the end. */
        int fill(byte[] part) throws IOException {
            int length = 0;
            for (int n; length < part.length && (n = in.read(part, length, part.length - length)) >= 0; ) {
                if (digest.size() + n > maxBytes) {
                    throw ProblemException.tooLarge(maxBytes);
                }
                digest.update(part, length, n);
                length += n;
            }
            return length;
        }
    }
}
