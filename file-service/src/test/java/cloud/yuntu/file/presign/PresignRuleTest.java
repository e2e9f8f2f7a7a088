package cloud.yuntu.file.presign;

import static cloud.yuntu.file.presign.PresignRule.Decision.ALLOW;
import static cloud.yuntu.file.presign.PresignRule.Decision.FORBIDDEN;
import static cloud.yuntu.file.presign.PresignRule.Decision.IF_OWNED;
import static cloud.yuntu.file.presign.PresignRule.Decision.IF_UPLOADED_BY_GRANT_OWNER;
import static cloud.yuntu.file.presign.PresignRule.Decision.NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.JobGrant;
import cloud.yuntu.platform.identity.Roles;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PresignRuleTest {

    private static final UUID TASK = UUID.fromString("6f1c2a34-0c1d-4c55-9a57-0e1f2a3b4c5d");
    private static final String SCENE = "scenes/20250101/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/shot.ma";
    private static final String RESULTS = "results/20250101/" + TASK + "/";
    private static final Optional<JobGrant> GRANT = Optional.of(new JobGrant(TASK, "alice", SCENE, RESULTS));
    private static final String ASSET = "assets/sha256/" + "0123456789abcdef".repeat(4);

    private final Caller alice = Caller.user("alice");
    private final Caller admin = new Caller("ops", Set.of(Roles.ADMIN));
    private final Caller service = new Caller("scene-service", Set.of(Roles.SERVICE));
    private final Caller agent = new Caller("agent-1", Set.of(Roles.AGENT));

    @Test
    void adminsAndServicesMayHaveAnyUrl() {
        for (Caller caller : new Caller[] {admin, service}) {
            assertThat(PresignRule.decide(caller, AccessMethod.GET, "anything/at/all", Optional.empty())).isEqualTo(ALLOW);
            assertThat(PresignRule.decide(caller, AccessMethod.PUT, "anything/at/all", Optional.empty())).isEqualTo(ALLOW);
        }
    }

    @Test
    void usersReadOnlyWhatTheyOwnAndNeverWrite() {
        assertThat(PresignRule.decide(alice, AccessMethod.GET, SCENE, Optional.empty())).isEqualTo(IF_OWNED);
        assertThat(PresignRule.decide(alice, AccessMethod.PUT, SCENE, Optional.empty())).isEqualTo(FORBIDDEN);
    }

    @Test
    void aUserGainsNothingFromAGrant() {
        assertThat(PresignRule.decide(alice, AccessMethod.PUT, RESULTS + "beauty.0001.exr", GRANT)).isEqualTo(FORBIDDEN);
        assertThat(PresignRule.decide(alice, AccessMethod.GET, SCENE, GRANT)).isEqualTo(IF_OWNED);
    }

    @Test
    void agentsReadTheirJobsSceneAndWriteItsResults() {
        assertThat(PresignRule.decide(agent, AccessMethod.GET, SCENE, GRANT)).isEqualTo(ALLOW);
        assertThat(PresignRule.decide(agent, AccessMethod.PUT, RESULTS + "beauty.0001.exr", GRANT)).isEqualTo(ALLOW);
    }

    @Test
    void agentsGetNothingElseAndNothingWithoutAGrant() {
        assertThat(PresignRule.decide(agent, AccessMethod.PUT, SCENE, GRANT)).isEqualTo(NOT_FOUND);
        assertThat(PresignRule.decide(agent, AccessMethod.GET, RESULTS + "beauty.0001.exr", GRANT)).isEqualTo(NOT_FOUND);
        assertThat(PresignRule.decide(agent, AccessMethod.GET, "scenes/20250101/other/shot.ma", GRANT)).isEqualTo(NOT_FOUND);
        assertThat(PresignRule.decide(agent, AccessMethod.PUT, "results/20250101/" + UUID.randomUUID() + "/x.exr", GRANT))
                .isEqualTo(NOT_FOUND);
        assertThat(PresignRule.decide(agent, AccessMethod.GET, SCENE, Optional.empty())).isEqualTo(NOT_FOUND);
    }

    @Test
    void agentsReadAssetsOnlyIfTheGrantsOwnerUploadedThem() {
        assertThat(PresignRule.decide(agent, AccessMethod.GET, ASSET, GRANT)).isEqualTo(IF_UPLOADED_BY_GRANT_OWNER);
    }

    @Test
    void agentsNeverWriteAssetsNorReadThemWithoutAnOwnerOrAGrant() {
        assertThat(PresignRule.decide(agent, AccessMethod.PUT, ASSET, GRANT)).isEqualTo(NOT_FOUND);
        assertThat(PresignRule.decide(agent, AccessMethod.GET, ASSET, Optional.empty())).isEqualTo(NOT_FOUND);
        Optional<JobGrant> ownerless = Optional.of(new JobGrant(TASK, null, SCENE, RESULTS));
        assertThat(PresignRule.decide(agent, AccessMethod.GET, ASSET, ownerless)).isEqualTo(NOT_FOUND);
        assertThat(PresignRule.decide(agent, AccessMethod.GET, ASSET.toUpperCase().replace("ASSETS/SHA256/", "assets/sha256/"),
                GRANT)).isEqualTo(NOT_FOUND);
        assertThat(PresignRule.decide(agent, AccessMethod.GET, ASSET + "/x", GRANT)).isEqualTo(NOT_FOUND);
    }

    @Test
    void usersGainNoAssetFromAGrantAndAdminsNeedNone() {
        assertThat(PresignRule.decide(alice, AccessMethod.GET, ASSET, GRANT)).isEqualTo(IF_OWNED);
        assertThat(PresignRule.decide(admin, AccessMethod.GET, ASSET, Optional.empty())).isEqualTo(ALLOW);
    }
}
