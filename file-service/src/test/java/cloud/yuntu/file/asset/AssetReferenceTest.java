package cloud.yuntu.file.asset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The counting rules of references and blobs, without the database. */
class AssetReferenceTest {

    private static final String SHA = "d".repeat(64);
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-03-02T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-03-03T00:00:00Z");

    @Test
    void anUploadHoldsTheContentWithoutUsingIt() {
        AssetReference reference = AssetReference.uploaded("alice", SHA, T0);

        assertThat(reference.references).isZero();
        assertThat(reference.inUse()).isFalse();
        assertThat(reference.firstUsedAt).isEqualTo(T0);
        assertThat(reference.lastUsedAt).isEqualTo(T0);
    }

    @Test
    void eachManifestCountsOnceAndReleasesDownToZeroNotBelow() {
        AssetReference reference = AssetReference.uploaded("alice", SHA, T0);
        reference.retain(T1);
        reference.retain(T1);
        reference.release(T2);
        assertThat(reference.references).isEqualTo(1);
        assertThat(reference.inUse()).isTrue();

        reference.release(T2);
        reference.release(T2);

        assertThat(reference.references).isZero();
        assertThat(reference.firstUsedAt).isEqualTo(T0);
        assertThat(reference.lastUsedAt).isEqualTo(T2);
    }

    @Test
    void aBlobKeepsTheStartOfItsRetentionUntilAManifestUsesItAgain() {
        AssetBlob blob = new AssetBlob();
        blob.unreferenced(T0);
        blob.unreferenced(T1);
        assertThat(blob.unreferencedSince).isEqualTo(T0);

        blob.referenced();
        assertThat(blob.unreferencedSince).isNull();
        blob.unreferenced(T2);
        assertThat(blob.unreferencedSince).isEqualTo(T2);
    }

    @Test
    void referencesOfOneOwnerAndContentAreOneKey() {
        assertThat(new AssetReference.Key("alice", SHA)).isEqualTo(new AssetReference.Key("alice", SHA))
                .hasSameHashCodeAs(new AssetReference.Key("alice", SHA))
                .isNotEqualTo(new AssetReference.Key("bob", SHA));
    }
}
