package cloud.yuntu.file.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.file.asset.AssetCheckRequest.Claim;
import cloud.yuntu.platform.problem.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestRequestTest {

    private static final String SHA = "0123456789abcdef".repeat(4);

    @Test
    void anOwnerAndWellFormedClaimsPass() {
        assertThat(new ManifestRequest("alice", List.of(new Claim(SHA, 1L))).problems(10, 1_000)).isEmpty();
    }

    @Test
    void theOwnerIsRequiredAndBoundedLikeATokensSubject() {
        List<Claim> claims = List.of(new Claim(SHA, 1L));
        for (String owner : new String[] {null, "", "  ", "a".repeat(256), "al\nice"}) {
            assertThat(new ManifestRequest(owner, claims).problems(10, 1_000)).extracting(FieldError::field)
                    .as(String.valueOf(owner)).containsExactly("owner");
        }
        assertThat(new ManifestRequest("a".repeat(255), claims).problems(10, 1_000)).isEmpty();
    }

    @Test
    void claimsFollowTheRulesOfACheckAndEveryFieldIsNamedAtOnce() {
        assertThatThrownBy(() -> new ManifestRequest(null, List.of(new Claim(SHA, 1L), new Claim("x", -1L)))
                .validate(10, 1_000))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.problem().errors()).extracting(FieldError::field)
                            .containsExactly("owner", "assets[1].sha256", "assets[1].size");
                });
        assertThat(new ManifestRequest("alice", List.of()).problems(10, 1_000)).extracting(FieldError::field)
                .containsExactly("assets");
        assertThat(new ManifestRequest("alice", null).problems(10, 1_000)).extracting(FieldError::field)
                .containsExactly("assets");
    }
}
