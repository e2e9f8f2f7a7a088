package cloud.yuntu.file.storage.oss;

import cloud.yuntu.file.presign.AccessMethod;
import cloud.yuntu.file.presign.DownloadName;
import cloud.yuntu.file.presign.Presigner;
import cloud.yuntu.file.presign.UploadTerms;
import cloud.yuntu.file.storage.ObjectKey;
import com.aliyun.oss.HttpMethod;
import com.aliyun.oss.OSS;
import com.aliyun.oss.model.GeneratePresignedUrlRequest;
import com.aliyun.oss.model.ResponseHeaderOverrides;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Date;

/**
 * Downloads go straight to OSS: a V4 presigned GET (signed in the configured region, with
 * {@code response-content-disposition} inside the signature so that the browser names the
 * file). Uploads keep file-service's own presigned URLs ({@code uploads}): their bytes must pass
 * through {@code ObjectIngest}, which hashes them, checks them against OSS' ETag, records them in
 * the catalogue and answers the digests the agents compare with their own.
 */
public final class OssPresigner implements Presigner, AutoCloseable {

    private final OSS signing;
    private final OssSettings settings;
    private final Presigner uploads;

    /** @param signing a client of the public endpoint; presigning is computed locally, it sends nothing */
    public OssPresigner(OSS signing, OssSettings settings, Presigner uploads) {
        this.signing = signing;
        this.settings = settings;
        this.uploads = uploads;
    }

    @Override
    public URI presignUpload(ObjectKey key, UploadTerms terms, Instant expiresAt) {
        return uploads.presignUpload(key, terms, expiresAt);
    }

    @Override
    public URI presign(ObjectKey key, AccessMethod method, Instant expiresAt) {
        if (method == AccessMethod.PUT) {
            throw new IllegalArgumentException("an upload URL is bound to its content: use presignUpload");
        }
        return download(key, DownloadName.contentDisposition(key), expiresAt);
    }

    /** The name travels as {@code response-content-disposition}, a query parameter the V4 signature covers. */
    @Override
    public URI presignDownload(ObjectKey key, String fileName, Instant expiresAt) {
        return download(key, DownloadName.contentDisposition(fileName), expiresAt);
    }

    private URI download(ObjectKey key, String contentDisposition, Instant expiresAt) {
        GeneratePresignedUrlRequest request = new GeneratePresignedUrlRequest(settings.bucket(),
                settings.objectName(key.value()), HttpMethod.GET);
        request.setExpiration(Date.from(expiresAt));
        ResponseHeaderOverrides headers = new ResponseHeaderOverrides();
        headers.setContentDisposition(contentDisposition);
        request.setResponseHeaders(headers);
        try {
            return signing.generatePresignedUrl(request).toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("OSS presigned an unusable URL for " + key, e);
        }
    }

    @Override
    public void close() {
        signing.shutdown();
    }
}
