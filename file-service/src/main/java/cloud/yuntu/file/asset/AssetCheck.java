package cloud.yuntu.file.asset;

import cloud.yuntu.file.asset.AssetCheckRequest.Claim;
import cloud.yuntu.platform.identity.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which contents a caller still has to upload. A user is told a content is present only when they
 * uploaded it themselves: that someone else stored the same bytes is never revealed (their upload
 * is hashed and then only adds their reference). Admins and services see every stored content.
 */
@ApplicationScoped
public class AssetCheck {

    private final AssetBlobs blobs;
    private final AssetReferences references;

    AssetCheck(AssetBlobs blobs, AssetReferences references) {
        this.blobs = blobs;
        this.references = references;
    }

    /**
     * @param claims validated
     * @return the SHA-256 of every claim not present for the caller (or present with another size), once each, in order
     */
    public Uni<List<String>> missing(Caller caller, List<Claim> claims) {
        List<String> sha256s = claims.stream().map(Claim::sha256).distinct().toList();
        return Panache.withSession(() -> caller.seesEverything()
                        ? blobs.sizesOf(sha256s)
                        : references.sizesHeldBy(caller.id(), sha256s))
                .map(present -> missing(claims, present));
    }

    /**
     * Whether {@code owner} uploaded this content themselves (holds a reference to it): what lets a
     * render agent working for one of their tasks read it. Content others uploaded does not count.
     */
    public Uni<Boolean> uploadedBy(String owner, String sha256) {
        return Panache.withSession(() -> references.holds(owner, sha256));
    }

    /** The rule itself: a claim is satisfied by a present content of exactly its size. */
    static List<String> missing(List<Claim> claims, Map<String, Long> presentSizes) {
        return claims.stream()
                .filter(claim -> !Objects.equals(presentSizes.get(claim.sha256()), claim.size()))
                .map(Claim::sha256)
                .distinct()
                .toList();
    }
}
