package cloud.yuntu.file.storage.oss;

import cloud.yuntu.contracts.digest.ContentDigest;
import cloud.yuntu.contracts.digest.ContentDigest.Digests;
import cloud.yuntu.file.storage.ObjectKey;
import cloud.yuntu.file.storage.ObjectStore;
import cloud.yuntu.file.storage.StagedObject;
import cloud.yuntu.platform.problem.ProblemException;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.PartETag;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
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
 * most an orphaned staging object, never a partial one under a key.
 */
public final class OssStore implements ObjectStore {

    private static final Logger LOG = Logger.getLogger(OssStore.class);
    static final String STAGING = ".staging/";
    /** OSS' largest CopyObject; larger objects are copied in parts of this size (UploadPartCopy). */
    static final long DEFAULT_COPY_PART = 1L << 30;

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
        return new StagedOssObject(key, staging, hashing.digest.finish());
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

    /** The body stream, closing the whole response (and its connection) with it. */
    private static InputStream body(OSSObject object) {
        return new FilterInputStream(object.getObjectContent()) {
            @Override
            public void close() throws IOException {
                object.close();
            }
        };
    }

    private final class StagedOssObject implements StagedObject {

        private final ObjectKey key;
        private final String staging;
        private final Digests digests;
        private boolean discarded;

        StagedOssObject(ObjectKey key, String staging, Digests digests) {
            this.key = key;
            this.staging = staging;
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
            if (discarded) {
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
