package cloud.yuntu.file.storage.oss;

import cloud.yuntu.file.FileConfig;
import cloud.yuntu.platform.problem.ProblemException;
import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.OSSErrorCode;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListObjectsV2Request;
import com.aliyun.oss.model.ListObjectsV2Result;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.PartListing;
import com.aliyun.oss.model.PartSummary;
import com.aliyun.oss.model.UploadPartCopyRequest;
import com.aliyun.oss.model.UploadPartRequest;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * The calls file-service makes to its OSS bucket, each failing with {@link StorageUnavailable}
 * when OSS answers 5xx, refuses bytes damaged on the way ({@code InvalidDigest}) or cannot be
 * reached. Every call is retried then, with exponential backoff and jitter, a bounded number of
 * times: uploads send bytes held in memory (one part), so each attempt sends them again whole. The
 * SDK's own retries are off, so that this is the one place deciding how often OSS is asked again.
 */
@ApplicationScoped
public class OssOperations {

    /** Error codes worth asking again: OSS' 5xx answers, and bytes damaged on their way to OSS. */
    private static final Set<String> TRANSIENT_CODES = Set.of(OSSErrorCode.INTERNAL_ERROR, "ServiceUnavailable",
            OSSErrorCode.REQUEST_TIMEOUT, "SlowDown", OSSErrorCode.INVALID_DIGEST);

    private static final String NO_SUCH_UPLOAD = "NoSuchUpload";

    private final OSS client;
    private final String bucket;

    @Inject
    OssOperations(FileConfig config) {
        this(OssSettings.from(config.oss(), config.maxObjectSize().asLongValue()));
    }

    private OssOperations(OssSettings settings) {
        this(client(settings, settings.endpoint()), settings.bucket());
    }

    public OssOperations(OSS client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /** A client signing with V4 in the configured region; requests go to {@code endpoint}. */
    public static OSS client(OssSettings settings, String endpoint) {
        ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
        conf.setSignatureVersion(SignVersion.V4);
        conf.setMaxErrorRetry(0);
        return OSSClientBuilder.create().endpoint(endpoint).region(settings.region())
                .credentialsProvider(new DefaultCredentialProvider(settings.accessKeyId(), settings.accessKeySecret()))
                .clientConfiguration(conf).build();
    }

    /** Uploads {@code length} bytes under {@code name}; OSS refuses them unless they match their MD5. */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = StorageUnavailable.class)
    @ExponentialBackoff(maxDelay = 5000)
    public void put(String name, byte[] bytes, int length) {
        ObjectMetadata metadata = new ObjectMetadata();
        metadata.setContentLength(length);
        metadata.setContentMD5(md5(bytes, length));
        try {
            // A new stream per attempt: a retry sends the same bytes from their start.
            client.putObject(bucket, name, new ByteArrayInputStream(bytes, 0, length), metadata);
        } catch (OSSException | ClientException e) {
            throw translate("put " + name, e);
        }
    }

    /** Starts a multipart upload of {@code name}; nothing is visible under it until {@link #complete}. */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = StorageUnavailable.class)
    @ExponentialBackoff(maxDelay = 5000)
    public String initiate(String name) {
        try {
            return client.initiateMultipartUpload(new InitiateMultipartUploadRequest(bucket, name)).getUploadId();
        } catch (OSSException | ClientException e) {
            throw translate("initiate an upload of " + name, e);
        }
    }

    /** Uploads one part; OSS refuses it unless it matches its MD5. */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = StorageUnavailable.class)
    @ExponentialBackoff(maxDelay = 5000)
    public PartETag uploadPart(String name, String uploadId, int partNumber, byte[] bytes, int length) {
        UploadPartRequest request = new UploadPartRequest(bucket, name, uploadId, partNumber,
                new ByteArrayInputStream(bytes, 0, length), length);
        request.setMd5Digest(md5(bytes, length));
        try {
            return client.uploadPart(request).getPartETag();
        } catch (OSSException e) {
            throw NO_SUCH_UPLOAD.equals(e.getErrorCode()) ? joinedAlready()
                    : translate("upload part " + partNumber + " of " + name, e);
        } catch (ClientException e) {
            throw translate("upload part " + partNumber + " of " + name, e);
        }
    }

    /** Copies {@code length} bytes of {@code from} starting at {@code begin} as one part of {@code to}, inside OSS. */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = StorageUnavailable.class)
    @ExponentialBackoff(maxDelay = 5000)
    public PartETag uploadPartCopy(String from, String to, String uploadId, int partNumber, long begin, long length) {
        UploadPartCopyRequest request = new UploadPartCopyRequest(bucket, from, bucket, to, uploadId);
        request.setPartNumber(partNumber);
        request.setBeginIndex(begin);
        request.setPartSize(length);
        try {
            return client.uploadPartCopy(request).getPartETag();
        } catch (OSSException | ClientException e) {
            throw translate("copy part " + partNumber + " of " + from + " to " + to, e);
        }
    }

    /** Joins the parts: the whole object appears under {@code name} at once, replacing what was there. */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = StorageUnavailable.class)
    @ExponentialBackoff(maxDelay = 5000)
    public void complete(String name, String uploadId, List<PartETag> parts) {
        try {
            // A copy: the SDK sorts the list it is given.
            client.completeMultipartUpload(new CompleteMultipartUploadRequest(bucket, name, uploadId,
                    new ArrayList<>(parts)));
        } catch (OSSException | ClientException e) {
            throw translate("complete the upload of " + name, e);
        }
    }

    /**
     * Drops an unfinished multipart upload and its parts.
     *
     * @return false when OSS knows no such upload (aborted or completed before): nothing to drop
     */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = StorageUnavailable.class)
    @ExponentialBackoff(maxDelay = 5000)
    public boolean abort(String name, String uploadId) {
        try {
            client.abortMultipartUpload(new AbortMultipartUploadRequest(bucket, name, uploadId));
            return true;
        } catch (OSSException e) {
            if (NO_SUCH_UPLOAD.equals(e.getErrorCode())) {
                return false;
            }
            throw translate("abort the upload of " + name, e);
        } catch (ClientException e) {
            throw translate("abort the upload of " + name, e);
        }
    }

    /**
     * The parts OSS holds of an unfinished upload, in part-number order, every page of them.
     *
     * @throws cloud.yuntu.platform.problem.ProblemException 409 when OSS knows no such upload (joined already)
     */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = StorageUnavailable.class)
    @ExponentialBackoff(maxDelay = 5000)
    public List<PartSummary> listParts(String name, String uploadId) {
        List<PartSummary> parts = new ArrayList<>();
        try {
            ListPartsRequest request = new ListPartsRequest(bucket, name, uploadId);
            for (PartListing page = client.listParts(request); ; page = client.listParts(request)) {
                parts.addAll(page.getParts());
                if (!page.isTruncated()) {
                    return parts;
                }
                request.setPartNumberMarker(page.getNextPartNumberMarker());
            }
        } catch (OSSException e) {
            throw NO_SUCH_UPLOAD.equals(e.getErrorCode()) ? joinedAlready() : translate("list the parts of " + name, e);
        } catch (ClientException e) {
            throw translate("list the parts of " + name, e);
        }
    }

    /** A part sent to an upload OSS completed already (its parts were joined into the staging object). */
    private static ProblemException joinedAlready() {
        return ProblemException.conflict("upload-joined", "Upload joined",
                "the parts of this upload were joined already: complete it again, or abort it");
    }

    /** Server-side copy: the target appears whole or not at all, replacing what was there. */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = StorageUnavailable.class)
    @ExponentialBackoff(maxDelay = 5000)
    public void copy(String from, String to) {
        try {
            client.copyObject(bucket, from, bucket, to);
        } catch (OSSException | ClientException e) {
            throw translate("copy " + from + " to " + to, e);
        }
    }

    /** Removes an object; deleting a missing one succeeds, as in OSS itself. */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = StorageUnavailable.class)
    @ExponentialBackoff(maxDelay = 5000)
    public void delete(String name) {
        try {
            client.deleteObject(bucket, name);
        } catch (OSSException | ClientException e) {
            throw translate("delete " + name, e);
        }
    }

    /**
     * One page of the objects whose names start with {@code prefix}, in name order (ListObjectsV2).
     *
     * @param continuationToken null for the first page, else the {@code NextContinuationToken} of the page before
     * @param maxKeys 1 to 1000
     */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = StorageUnavailable.class)
    @ExponentialBackoff(maxDelay = 5000)
    public ListObjectsV2Result list(String prefix, String continuationToken, int maxKeys) {
        ListObjectsV2Request request = new ListObjectsV2Request(bucket);
        request.setPrefix(prefix);
        request.setMaxKeys(maxKeys);
        request.setContinuationToken(continuationToken);
        try {
            return client.listObjectsV2(request);
        } catch (OSSException | ClientException e) {
            throw translate("list " + prefix, e);
        }
    }

    /** Whether an object of that name exists. */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = StorageUnavailable.class)
    @ExponentialBackoff(maxDelay = 5000)
    public boolean exists(String name) {
        try {
            return client.doesObjectExist(bucket, name);
        } catch (OSSException | ClientException e) {
            throw translate("head " + name, e);
        }
    }

    /** The object with its length and an open body stream; empty when it does not exist. */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = StorageUnavailable.class)
    @ExponentialBackoff(maxDelay = 5000)
    public Optional<OSSObject> get(String name) {
        try {
            return Optional.of(client.getObject(bucket, name));
        } catch (OSSException e) {
            if (OSSErrorCode.NO_SUCH_KEY.equals(e.getErrorCode())) {
                return Optional.empty();
            }
            throw translate("get " + name, e);
        } catch (ClientException e) {
            throw translate("get " + name, e);
        }
    }

    private static String md5(byte[] bytes, int length) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(bytes, 0, length);
            return Base64.getEncoder().encodeToString(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without MD5", e);
        }
    }

    private static RuntimeException translate(String operation, RuntimeException e) {
        if (e instanceof ClientException || e instanceof OSSException oss && TRANSIENT_CODES.contains(oss.getErrorCode())) {
            return new StorageUnavailable(operation, e);
        }
        OSSException refused = (OSSException) e;
        // Denied, missing bucket, bad configuration: retrying cannot help, an operator must act.
        return new IllegalStateException("OSS refused to " + operation + ": " + refused.getErrorCode() + " "
                + refused.getErrorMessage(), e);
    }

    @PreDestroy
    void shutdown() {
        client.shutdown();
    }
}
