package cloud.yuntu.file.asset;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.file.asset.AssetCheckRequest.Claim;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule of the check without the database: present means present for the caller, with the claimed size. */
class AssetCheckTest {

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);

    @Test
    void listsWhatIsNotPresentOncePerContentInRequestOrder() {
        List<String> missing = AssetCheck.missing(
                List.of(new Claim(C, 3L), new Claim(A, 1L), new Claim(B, 2L), new Claim(C, 3L)),
                Map.of(A, 1L));

        assertThat(missing).containsExactly(C, B);
    }

    @Test
    void presentContentOfAnotherSizeIsMissing() {
        assertThat(AssetCheck.missing(List.of(new Claim(A, 2L)), Map.of(A, 1L))).containsExactly(A);
    }

    @Test
    void aContentClaimedWithTwoSizesIsMissingOnce() {
        assertThat(AssetCheck.missing(List.of(new Claim(A, 1L), new Claim(A, 2L)), Map.of(A, 1L))).containsExactly(A);
    }

    @Test
    void nothingIsMissingWhenAllIsPresent() {
        assertThat(AssetCheck.missing(List.of(new Claim(A, 0L), new Claim(B, 5L)), Map.of(A, 0L, B, 5L))).isEmpty();
    }
}
