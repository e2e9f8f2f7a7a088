package cloud.yuntu.file.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.file.asset.AssetCheckRequest.Claim;
import cloud.yuntu.platform.problem.ProblemException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssetCheckRequestTest {

    private static final String SHA = "0123456789abcdef".repeat(4);
    private static final long MAX_SIZE = 1_000;

    @Test
    void wellFormedClaimsPass() {
        assertThat(request(new Claim(SHA, 0L), new Claim(SHA, MAX_SIZE)).problems(10, MAX_SIZE)).isEmpty();
    }

    @Test
    void everyBadFieldIsNamedByItsPlace() {
        List<FieldError> problems = request(new Claim(SHA, 1L), new Claim(SHA.toUpperCase(), 1L), new Claim(SHA, -1L),
                new Claim(SHA.substring(1), null), null, new Claim(SHA, MAX_SIZE + 1)).problems(10, MAX_SIZE);

        assertThat(problems).extracting(FieldError::field).containsExactly(
                "assets[1].sha256", "assets[2].size", "assets[3].sha256", "assets[3].size", "assets[4]", "assets[5].size");
    }

    @Test
    void theListIsRequiredNotEmptyAndBounded() {
        assertThat(new AssetCheckRequest(null).problems(10, MAX_SIZE)).extracting(FieldError::field).containsExactly("assets");
        assertThat(request().problems(10, MAX_SIZE)).extracting(FieldError::field).containsExactly("assets");
        assertThat(request(Collections.nCopies(11, new Claim(SHA, 1L)).toArray(Claim[]::new)).problems(10, MAX_SIZE))
                .extracting(FieldError::field).containsExactly("assets");
        assertThat(request(Collections.nCopies(10, new Claim(SHA, 1L)).toArray(Claim[]::new)).problems(10, MAX_SIZE))
                .isEmpty();
    }

    @Test
    void aFloodOfBadClaimsIsReportedInPart() {
        List<Claim> bad = new ArrayList<>(Collections.nCopies(5_000, new Claim("x", 1L)));
        assertThat(new AssetCheckRequest(bad).problems(10_000, MAX_SIZE)).hasSize(AssetCheckRequest.MAX_REPORTED);
    }

    @Test
    void validateThrows422() {
        assertThatThrownBy(() -> request(new Claim("nope", 1L)).validate(10, MAX_SIZE))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.problem().errors()).extracting(FieldError::field).containsExactly("assets[0].sha256");
                });
    }

    private static AssetCheckRequest request(Claim... claims) {
        return new AssetCheckRequest(Arrays.asList(claims));
    }
}
