package cloud.yuntu.file.asset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The retention start of blobs and the keys of references and manifest entries, without the database. */
class AssetReferenceTest {

    private static final String SHA = "d".repeat(64);
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-03-02T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-03-03T00:00:00Z");

    @Test
    void aBlobKeepsTheStartOfItsRetentionUntilAManifestHoldsItAgain() {
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

    @Test
    void aManifestHoldsEachContentOncePerTask() {
        UUID task = UUID.randomUUID();
        assertThat(new ManifestEntry.Key(task, SHA)).isEqualTo(new ManifestEntry.Key(task, SHA))
                .hasSameHashCodeAs(new ManifestEntry.Key(task, SHA))
                .isNotEqualTo(new ManifestEntry.Key(UUID.randomUUID(), SHA))
                .isNotEqualTo(new ManifestEntry.Key(task, "e".repeat(64)));
        ManifestEntry entry = ManifestEntry.of(task, SHA, "alice", T1);
        assertThat(entry.taskId).isEqualTo(task);
        assertThat(entry.owner).isEqualTo("alice");
        assertThat(entry.retainedAt).isEqualTo(T1);
    }
}
