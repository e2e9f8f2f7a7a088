package cloud.yuntu.file.presign;

import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.file.storage.ConfirmedObjectConflict;
import cloud.yuntu.file.storage.ObjectIngest;
import cloud.yuntu.file.storage.ObjectKey;
import cloud.yuntu.file.storage.ObjectStore;
import cloud.yuntu.file.storage.ObjectStore.ObjectContent;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.platform.problem.Problems;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The target of the local backend's presigned URLs. Public by design: the URL is the credential
 * (the gateway lets these through without a token, browsers and agents fetch them as they are).
 * Every request is checked against its signature, expiry and method before a byte is read or
 * written; bodies stream both ways. Upload URLs are bound to the exact size and SHA-256 of their
 * body and good for one upload.
 */
@Path(BlobResource.PATH)
@PermitAll
public class BlobResource {

    static final String PATH = "/api/files/blob";
    /** RFC 9530: the digest of the object the key holds, on the 409 of a confirmed result. */
    public static final String REPR_DIGEST = "Repr-Digest";

    private final UrlSigner signer;
    private final ObjectStore store;
    private final ObjectIngest ingest;
    private final SpentUploads spent;
    private final Clock clock;

    BlobResource(UrlSigner signer, ObjectStore store, ObjectIngest ingest, SpentUploads spent, Clock clock) {
        this.signer = signer;
        this.store = store;
        this.ingest = ingest;
        this.spent = spent;
        this.clock = clock;
    }

    @GET
    @Path("{key: .+}")
    @Blocking
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response download(@RestPath String key, @RestQuery String method, @RestQuery String expires,
            @RestQuery String name, @RestQuery String signature) throws IOException {
        ObjectKey objectKey = authorize(AccessMethod.GET, key, method, expires, name, signature);
        ObjectContent content = store.open(objectKey)
                .orElseThrow(() -> ProblemException.notFound("no object with key " + objectKey));
        StreamingOutput body = out -> {
            try (InputStream in = content.stream()) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HttpHeaders.CONTENT_LENGTH, content.size())
                .header("Content-Disposition", name == null ? DownloadName.contentDisposition(objectKey)
                        : DownloadName.contentDisposition(name))
                .build();
    }

    /**
     * Streams the body into storage if it is exactly what the URL was issued for; the answer carries
     * the digests computed while writing. Everything that can be refused without the body is refused
     * before a byte of it is read: the URL (403), the key (422), the announced length (413, 422), a key
     * that may not be replaced (409) and a URL used before or in use (409).
     */
    @PUT
    @Path("{key: .+}")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public StoredObject upload(@RestPath String key, @RestQuery String method, @RestQuery String expires,
            @RestQuery String size, @RestQuery String sha256, @RestQuery String upload, @RestQuery String signature,
            @RestHeader("Content-Length") String contentLength, InputStream body) throws IOException {
        if (method == null || expires == null || size == null || sha256 == null || upload == null || signature == null) {
            throw ProblemException.forbidden("method, expires, size, sha256, upload and signature are required");
        }
        requireMethod(AccessMethod.PUT, method);
        ObjectKey objectKey = PresignKeys.of(key, AccessMethod.PUT);
        long expiresAt = epochSeconds(expires);
        UploadTerms terms = termsOf(size, sha256, upload);
        if (!signer.verifyUpload(objectKey, expiresAt, terms, signature)) {
            throw ProblemException.forbidden(
                    "the signature does not match the method, key, expiry, size, sha256 and upload id");
        }
        requireUnexpired(expiresAt);
        checkLength(contentLength, terms.size());
        Optional<ProblemException> refusal = ingest.refusal(objectKey);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        SpentUploads.Claim claim = spent.claim(terms.uploadId(), objectKey, Instant.ofEpochSecond(expiresAt))
                .await().indefinitely().orElseThrow(SpentUploads::used);
        try (claim) {
            // The claim becomes final in the transaction that publishes the upload.
            return ingest.write(objectKey, body, terms.expected(), claim).object();
        } catch (IOException | RuntimeException | Error e) {
            // Nothing was stored with this URL: its holder may send the same upload again.
            try {
                claim.release().await().indefinitely();
            } catch (RuntimeException released) {
                e.addSuppressed(released);
            }
            throw e;
        }
    }

    /** A confirmed result names its digest, so that an uploader of that very content knows it is there. */
    @ServerExceptionMapper
    public Response confirmed(ConfirmedObjectConflict e) {
        return Response.fromResponse(Problems.response(e)).header(REPR_DIGEST, e.reprDigest()).build();
    }

    private static UploadTerms termsOf(String size, String sha256, String upload) {
        try {
            UUID uploadId = UUID.fromString(upload);
            if (!uploadId.toString().equals(upload) || !UploadTerms.validSha256(sha256)) {
                throw new IllegalArgumentException("not canonical");
            }
            return new UploadTerms(Long.parseLong(size), sha256, uploadId);
        } catch (IllegalArgumentException e) {
            // Nothing file-service signs looks like this: the URL was altered.
            throw ProblemException.forbidden("size, sha256 or upload is not as file-service signs it");
        }
    }

    /** The announced length must be the promised size; a body without one is counted while it streams. */
    private static void checkLength(String contentLength, long size) {
        if (contentLength == null) {
            return;
        }
        long announced;
        try {
            announced = Long.parseLong(contentLength.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField("Content-Length", "is not a number");
        }
        if (announced > size) {
            throw ProblemException.tooLarge(size);
        }
        if (announced != size) {
            throw ProblemException.invalidField("Content-Length",
                    "is " + announced + ", the URL was issued for a body of " + size + " bytes");
        }
    }

    /** @param name the chosen file name of a download, signed with the rest; null for the key's own */
    private ObjectKey authorize(AccessMethod used, String key, String method, String expires, String name,
            String signature) {
        if (method == null || expires == null || signature == null) {
            throw ProblemException.forbidden("method, expires and signature are required");
        }
        requireMethod(used, method);
        ObjectKey objectKey = PresignKeys.of(key, used);
        long expiresAt = epochSeconds(expires);
        boolean genuine = name == null ? signer.verify(used, objectKey, expiresAt, signature)
                : signer.verifyDownload(objectKey, expiresAt, name, signature);
        if (!genuine) {
            throw ProblemException.forbidden("the signature does not match the method, key, expiry and file name");
        }
        requireUnexpired(expiresAt);
        return objectKey;
    }

    private static void requireMethod(AccessMethod used, String method) {
        if (!used.name().equals(method)) {
            throw ProblemException.forbidden("the URL allows " + method + ", not " + used);
        }
    }

    private static long epochSeconds(String expires) {
        try {
            return Long.parseLong(expires);
        } catch (NumberFormatException e) {
            throw ProblemException.forbidden("expires is not a number of epoch seconds");
        }
    }

    /** Checked after the signature so that an expired answer proves the URL was genuine. */
    private void requireUnexpired(long expiresAt) {
        if (clock.instant().getEpochSecond() >= expiresAt) {
            throw ProblemException.forbidden("the URL expired");
        }
    }
}
