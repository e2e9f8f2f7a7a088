package cloud.yuntu.file.presign;

import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.asset.AssetCheck;
import cloud.yuntu.file.storage.ObjectCatalog;
import cloud.yuntu.file.storage.ObjectKey;
import cloud.yuntu.file.storage.ObjectResource;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.Callers;
import cloud.yuntu.platform.identity.JobGrant;
import cloud.yuntu.platform.identity.JobGrants;
import cloud.yuntu.platform.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

@Path("/api/files/presign")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class PresignResource {

    private final Presigner presigner;
    private final ObjectCatalog catalog;
    private final AssetCheck assets;
    private final Callers callers;
    private final JobGrants grants;
    private final long maxExpiresInSeconds;
    private final long maxObjectSize;
    private final Clock clock;

    PresignResource(Presigner presigner, ObjectCatalog catalog, AssetCheck assets, Callers callers, JobGrants grants,
            FileConfig config, Clock clock) {
        this.presigner = presigner;
        this.catalog = catalog;
        this.assets = assets;
        this.callers = callers;
        this.grants = grants;
        this.maxExpiresInSeconds = config.presign().maxExpiry().toSeconds();
        this.maxObjectSize = config.maxObjectSize().asLongValue();
        this.clock = clock;
    }

    /**
     * An expiring URL for one GET or PUT of one key, if {@link PresignRule} lets the caller have
     * it; the object need not exist for PUT. A PUT URL is bound to the size and SHA-256 the request
     * names and can be used once; a GET URL may name the file its download is saved as, inside its
     * signature. The request is validated first (size and SHA-256 once the caller may have the URL):
     * a 422 says nothing about whose the key is.
     */
    @POST
    public Uni<PresignedUrl> presign(@Valid @NotNull PresignRequest request) {
        Caller caller = callers.current();
        ObjectKey key = PresignKeys.of(request.key(), request.method());
        long seconds = request.expiresInSecondsOrDefault();
        if (seconds > maxExpiresInSeconds) {
            throw ProblemException.invalidField("expiresInSeconds", "must be at most " + maxExpiresInSeconds);
        }
        Optional<String> downloadName = request.downloadName();
        Optional<JobGrant> grant = caller.isAgent() ? grants.verify(request.grant()) : Optional.empty();
        return switch (PresignRule.decide(caller, request.method(), key.value(), grant)) {
            case ALLOW -> Uni.createFrom().item(sign(key, request, downloadName, seconds));
            case IF_OWNED -> catalog.find(key).map(found -> found.filter(object -> caller.maySee(object.owner()))
                    .map(object -> sign(key, request, downloadName, seconds))
                    .orElseThrow(() -> ObjectResource.noSuchObject(key)));
            case IF_UPLOADED_BY_GRANT_OWNER -> {
                JobGrant granted = grant.orElseThrow();
                String sha256 = granted.assetToRead(request.method().name(), key.value()).orElseThrow();
                yield assets.uploadedBy(granted.ownerId(), sha256).map(uploaded -> {
                    if (!uploaded) {
                        throw ObjectResource.noSuchObject(key);
                    }
                    return sign(key, request, downloadName, seconds);
                });
            }
            case NOT_FOUND -> throw ObjectResource.noSuchObject(key);
            case FORBIDDEN -> throw ProblemException.forbidden(
                    "users do not write through presigned URLs; upload scenes with POST /api/files/scenes");
        };
    }

    /**
     * A PUT URL is bound to the request's size and SHA-256, checked only here, once the caller may
     * have the URL: a user's PUT is 403 whatever its fields, as before uploads were bound.
     */
    private PresignedUrl sign(ObjectKey key, PresignRequest request, Optional<String> downloadName, long seconds) {
        UploadTerms upload = request.uploadTerms(maxObjectSize);
        Instant expiresAt = Instant.ofEpochSecond(clock.instant().getEpochSecond() + seconds);
        URI url = upload != null ? presigner.presignUpload(key, upload, expiresAt)
                : downloadName.map(name -> presigner.presignDownload(key, name, expiresAt))
                        .orElseGet(() -> presigner.presign(key, request.method(), expiresAt));
        return new PresignedUrl(url, request.method(), expiresAt);
    }
}
