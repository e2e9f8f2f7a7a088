package cloud.yuntu.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobGrantTest {

    private final UUID task = UUID.randomUUID();
    private final JobGrant grant = new JobGrant(task, "alice", "scenes/20261202/s1/shot.ma",
            "results/20261202/" + task + "/");

    @Test
    void readsOnlyItsScene() {
        assertThat(grant.allows("GET", "scenes/20261202/s1/shot.ma")).isTrue();
        assertThat(grant.allows("GET", "scenes/20261202/s2/other.ma")).isFalse();
        assertThat(grant.allows("GET", "results/20261202/" + task + "/shot.0001.png")).isFalse();
    }

    @Test
    void writesOnlyBelowItsResultPrefix() {
        assertThat(grant.allows("PUT", "results/20261202/" + task + "/shot.0001.png")).isTrue();
        assertThat(grant.allows("PUT", "results/20261202/" + task + "/")).isFalse();
        assertThat(grant.allows("PUT", "results/20261202/" + UUID.randomUUID() + "/shot.0001.png")).isFalse();
        assertThat(grant.allows("PUT", "scenes/20261202/s1/shot.ma")).isFalse();
    }

    @Test
    void pathTricksAndOtherMethodsAreRefused() {
        assertThat(grant.allows("PUT", "results/20261202/" + task + "/../other/x.png")).isFalse();
        assertThat(grant.allows("PUT", "results/20261202/" + task + "//x.png")).isFalse();
        assertThat(grant.allows("DELETE", "results/20261202/" + task + "/x.png")).isFalse();
        assertThat(grant.allows("GET", null)).isFalse();
    }

    @Test
    void assetsAreReadByContentForTheOwnerToBeCheckedNeverWritten() {
        String sha = "0123456789abcdef".repeat(4);
        assertThat(grant.assetToRead("GET", "assets/sha256/" + sha)).contains(sha);
        assertThat(grant.allows("GET", "assets/sha256/" + sha)).as("not by the grant alone").isFalse();
        assertThat(grant.assetToRead("PUT", "assets/sha256/" + sha)).isEmpty();
        assertThat(grant.assetToRead("GET", "assets/sha256/" + sha.toUpperCase())).isEmpty();
        assertThat(grant.assetToRead("GET", "assets/sha256/" + sha + "/x")).isEmpty();
        assertThat(grant.assetToRead("GET", "scenes/20261202/s1/shot.ma")).isEmpty();
        JobGrant ownerless = new JobGrant(task, null, grant.sceneKey(), grant.resultKeyPrefix());
        assertThat(ownerless.assetToRead("GET", "assets/sha256/" + sha)).isEmpty();
    }
}
