package cloud.yuntu.file.asset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The keys of references and manifest entries, without the database. */
class AssetReferenceTest {

    private static final String SHA = "d".repeat(64);
    private static final Instant T1 = Instant.parse("2026-03-02T00:00:00Z");

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
