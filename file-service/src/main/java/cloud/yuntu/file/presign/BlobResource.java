package cloud.yuntu.file.presign;

import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.platform.problem.ProblemException;
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
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The target of the local backend's presigned URLs. Public by design: the URL is the credential
 * (the gateway lets these through without a token, browsers and agents fetch them as they are).
 * Every request is checked against its signature, expiry and method before a byte is read or
 * written; bodies stream both ways.
 */
@Path(BlobResource.PATH)
@PermitAll
public class BlobResource {

    static final String PATH = "/api/files/blob";

    private final UrlSigner signer;
    private final ObjectStore store;
    private final ObjectIngest ingest;
    private final Clock clock;

    BlobResource(UrlSigner signer, ObjectStore store, ObjectIngest ingest, Clock clock) {
        this.signer = signer;
        this.store = store;
        this.ingest = ingest;
        this.clock = clock;
    }

    @GET
    @Path("{key: .+}")
    @Blocking
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response download(@RestPath String key, @RestQuery String method, @RestQuery String expires,
            @RestQuery String signature) throws IOException {
        ObjectKey objectKey = authorize(AccessMethod.GET, key, method, expires, signature);
        ObjectContent content = store.open(objectKey)
                .orElseThrow(() -> ProblemException.notFound("no object with key " + objectKey));
        StreamingOutput body = out -> {
            try (InputStream in = content.stream()) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HttpHeaders.CONTENT_LENGTH, content.size())
                .header("Content-Disposition", DownloadName.contentDisposition(objectKey))
                .build();
    }

    /** Streams the body into storage; the answer carries the digests computed while writing. */
    @PUT
    @Path("{key: .+}")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public StoredObject upload(@RestPath String key, @RestQuery String method, @RestQuery String expires,
            @RestQuery String signature, InputStream body) throws IOException {
        ObjectKey objectKey = authorize(AccessMethod.PUT, key, method, expires, signature);
        // No owner: whoever was given the URL writes on behalf of the key's owner, who stays the owner.
        return ingest.write(objectKey, body, null).object();
    }

    private ObjectKey authorize(AccessMethod used, String key, String method, String expires, String signature) {
        if (method == null || expires == null || signature == null) {
            throw ProblemException.forbidden("method, expires and signature are required");
        }
        if (!used.name().equals(method)) {
            throw ProblemException.forbidden("the URL allows " + method + ", not " + used);
        }
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            throw ProblemException.forbidden("expires is not a number of epoch seconds");
        }
        ObjectKey objectKey = ObjectKey.of(key);
        if (!signer.verify(used, objectKey, expiresAt, signature)) {
            throw ProblemException.forbidden("the signature does not match the method, key and expiry");
        }
        // Expiry is checked after the signature so that an expired answer proves the URL was genuine.
        if (clock.instant().getEpochSecond() >= expiresAt) {
            throw ProblemException.forbidden("the URL expired");
        }
        return objectKey;
    }
}
