package cloud.yuntu.file.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.file.asset.AssetCheckRequest.Claim;
import cloud.yuntu.platform.problem.ProblemException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
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

    /** The request platform's {@code FileApi.retainManifest} sends (task-service's) reads as this one, field by field. */
    @Test
    void thePlatformClientsRequestReadsAsThisOne() throws Exception {
        // As Quarkus configures Jackson on both sides: instants as ISO-8601 text.
        ObjectMapper json = new ObjectMapper().findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Instant heldFrom = Instant.parse("2026-03-10T12:00:00.123456Z");
        var sent = new cloud.yuntu.platform.client.ManifestRequest("alice",
                List.of(new cloud.yuntu.platform.client.ManifestRequest.Content(SHA, 12)), heldFrom);

        ManifestRequest read = json.readValue(json.writeValueAsString(sent), ManifestRequest.class);

        assertThat(read).isEqualTo(new ManifestRequest("alice", List.of(new Claim(SHA, 12L)), heldFrom));
        assertThat(read.problems(10, 1_000)).isEmpty();
        // A client before heldFrom: still accepted, held until the next end.
        var older = new cloud.yuntu.platform.client.ManifestRequest("alice",
                List.of(new cloud.yuntu.platform.client.ManifestRequest.Content(SHA, 12)));
        assertThat(json.readValue(json.writeValueAsString(older), ManifestRequest.class).heldFrom()).isNull();
        assertThat(json.readValue("{\"owner\":\"alice\",\"assets\":[{\"sha256\":\"" + SHA + "\",\"size\":12}]}",
                ManifestRequest.class)).isEqualTo(new ManifestRequest("alice", List.of(new Claim(SHA, 12L))));
    }
}
