package cloud.yuntu.task.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.platform.problem.ProblemException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tier matching rule, on the seeded tiers and a few made up for the edges. */
class TierMatcherTest {

    static final Tier BASIC = cpu("basic", 8, 16, "0.5");
    static final Tier STANDARD = cpu("standard", 16, 32, "1.0");
    static final Tier HIGH = new Tier("high", 24, 64, 2, "NVIDIA RTX A6000", 48, new BigDecimal("2.5"), "CNY", "high");
    /** As the database lists them: cheapest first. */
    static final List<Tier> SEEDED = List.of(BASIC, STANDARD, HIGH);

    static final Resolution HD = new Resolution(1920, 1080);

    @Test
    void aNamedTierIsTakenAsItIs() {
        assertThat(match(SEEDED, named("standard", "arnold"))).isEqualTo(STANDARD);
        assertThat(match(SEEDED, named("high", "arnold"))).isEqualTo(HIGH);
    }

    @Test
    void anUnknownTierNamesTierAndTheKnownOnes() {
        FieldError error = refusal(SEEDED, named("gpu", "arnold")).getFirst();
        assertThat(error.field()).isEqualTo("tier");
        assertThat(error.message()).contains("\"gpu\"").contains("basic, standard, high");
    }

    @Test
    void withNeitherTierNorRequirementsTheCheapestTierThatCanRunTheTask() {
        assertThat(match(SEEDED, new TierRequest(null, null, Set.of("arnold"), HD))).isEqualTo(BASIC);
        assertThat(match(SEEDED, new TierRequest(null, null, Set.of(), null))).isEqualTo(BASIC);
        // in whatever order the tiers come
        assertThat(match(List.of(HIGH, STANDARD, BASIC), new TierRequest(null, null, Set.of("vray"), null))).isEqualTo(BASIC);
    }

    @Test
    void requirementsGetTheCheapestTierThatMeetsThemAll() {
        assertThat(match(SEEDED, required(16, null, null))).isEqualTo(BASIC);
        assertThat(match(SEEDED, required(17, null, null))).isEqualTo(STANDARD);
        assertThat(match(SEEDED, required(33, null, null))).isEqualTo(HIGH);
        assertThat(match(SEEDED, required(null, 1, null))).isEqualTo(HIGH);
        assertThat(match(SEEDED, required(null, 0, null))).isEqualTo(BASIC);
        assertThat(match(SEEDED, required(null, null, 24))).as("GPU memory asks for a GPU").isEqualTo(HIGH);
        assertThat(match(SEEDED, required(64, 2, 48))).isEqualTo(HIGH);
    }

    @Test
    void anEqualPriceGoesToTheSmallerTierThenByName() {
        Tier cheapBig = cpu("big", 32, 64, "0.5");
        assertThat(match(List.of(cheapBig, BASIC), required(8, null, null))).isEqualTo(BASIC);
        Tier twin = cpu("another", 8, 16, "0.5");
        assertThat(match(List.of(BASIC, twin), required(8, null, null))).isEqualTo(twin);
    }

    @Test
    void anImpossibleRequirementNamesItsFieldAndTheLargestAvailable() {
        assertThat(refusal(SEEDED, required(128, null, null))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("requirements.ramGb");
            assertThat(e.message()).contains("128").contains("largest available is 64 GiB (tier high)");
        });
        assertThat(refusal(SEEDED, required(null, 4, null))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("requirements.gpus");
            assertThat(e.message()).contains("most available is 2 (tier high)");
        });
        assertThat(refusal(SEEDED, required(null, null, 80))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("requirements.gpuMemoryGb");
            assertThat(e.message()).contains("largest available is 48 GiB (tier high, NVIDIA RTX A6000)");
        });
        assertThat(refusal(SEEDED, required(128, 4, null))).extracting(FieldError::field)
                .containsExactly("requirements.ramGb", "requirements.gpus");
        assertThat(refusal(List.of(BASIC, STANDARD), required(null, null, 8))).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("no tier has GPUs"));
    }

    @Test
    void needsEachMetBySomeTierButNeverTogetherNameEveryFieldAsked() {
        Tier bigCpu = cpu("bigcpu", 64, 256, "3.0");
        List<FieldError> errors = refusal(List.of(BASIC, HIGH, bigCpu), required(128, 1, null));
        assertThat(errors).extracting(FieldError::field).containsExactly("requirements.ramGb", "requirements.gpus");
        assertThat(errors).allSatisfy(e -> assertThat(e.message()).contains("no single tier meets ramGb 128, gpus 1 together"));
    }

    @Test
    void requirementsThatAskNothingPossibleAreRefusedWhateverTheTiers() {
        assertThat(refusal(SEEDED, required(0, -1, 0))).extracting(FieldError::field)
                .containsExactly("requirements.ramGb", "requirements.gpus", "requirements.gpuMemoryGb");
        assertThat(refusal(SEEDED, required(null, 0, 8))).singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("requirements.gpuMemoryGb"));
    }

    @Test
    void aNamedTierMustMeetTheRequirementsGivenWithIt() {
        assertThat(refusal(SEEDED, new TierRequest("basic", new Requirements(32, null, null), Set.of("arnold"), null)))
                .singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("requirements.ramGb");
                    assertThat(e.message()).contains("tier basic has 16 GiB");
                });
    }

    @Test
    void gpuOnlyRenderersNeverGoToACpuTier() {
        assertThat(match(SEEDED, new TierRequest(null, null, Set.of("redshift"), HD))).isEqualTo(HIGH);
        assertThat(match(SEEDED, new TierRequest(null, null, Set.of("arnold", "octane"), HD))).isEqualTo(HIGH);
        assertThat(match(SEEDED, new TierRequest(null, new Requirements(8, null, null), Set.of("Redshift"), null)))
                .isEqualTo(HIGH);

        assertThat(refusal(SEEDED, named("basic", "redshift"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("tier");
            assertThat(e.message()).contains("redshift renders on GPUs only and tier basic has none");
        });
        assertThat(refusal(List.of(BASIC, STANDARD), new TierRequest(null, null, Set.of("redshift"), null)))
                .singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("tier");
                    assertThat(e.message()).contains("no tier has GPUs");
                });
    }

    @Test
    void theLargestResolutionMustFitTheTiersMemory() {
        // basic holds 16 GiB / 2 / 128 bytes = 67,108,864 pixels: 8192x8192 exactly, one row more does not fit
        assertThat(match(SEEDED, new TierRequest("basic", null, Set.of("arnold"), new Resolution(8192, 8192)))).isEqualTo(BASIC);
        assertThat(refusal(SEEDED, new TierRequest("basic", null, Set.of("arnold"), new Resolution(8192, 8193))))
                .singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("resolution");
                    assertThat(e.message()).contains("8192x8193").contains("tier basic holds up to 67,108,864 pixels (16 GiB of RAM)");
                });
        // unnamed: the cheapest tier it fits in
        assertThat(match(SEEDED, new TierRequest(null, null, Set.of("arnold"), new Resolution(8192, 8193)))).isEqualTo(STANDARD);
        // a GPU renderer's frame lives in one GPU's memory (48 GiB), not in the 64 GiB of RAM
        assertThat(match(SEEDED, new TierRequest(null, null, Set.of("redshift"), new Resolution(14000, 14000)))).isEqualTo(HIGH);
        assertThat(refusal(SEEDED, new TierRequest(null, null, Set.of("redshift"), new Resolution(15000, 15000))))
                .singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("resolution");
                    assertThat(e.message()).contains("GPU memory").contains("the largest available, tier high")
                            .contains("48 GiB of memory per GPU");
                });
        // beyond every tier's RAM
        assertThat(refusal(SEEDED, new TierRequest(null, null, Set.of("arnold"), new Resolution(100_000, 100_000))))
                .singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("resolution");
                    assertThat(e.message()).contains("the largest available, tier high, holds up to 268,435,456 pixels (64 GiB of RAM)");
                });
        assertThat(refusal(SEEDED, new TierRequest(null, null, Set.of("arnold"), new Resolution(0, 1080))))
                .singleElement().satisfies(e -> assertThat(e.field()).isEqualTo("resolution"));
    }

    @Test
    void theEstimateIsAFloatRgbaBufferTimesEightInHalfTheMemory() {
        assertThat(FrameMemory.bytes(HD)).isEqualTo(1920L * 1080 * 16 * 8);
        assertThat(FrameMemory.fits(new Resolution(8192, 8192), 16)).isTrue();
        assertThat(FrameMemory.fits(new Resolution(8192, 8193), 16)).isFalse();
        assertThat(FrameMemory.maxPixels(64)).isEqualTo(268_435_456L);
    }

    @Test
    void noTiersAtAll() {
        assertThat(refusal(List.of(), new TierRequest(null, null, Set.of("arnold"), null))).singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("tier"));
    }

    private static Tier cpu(String name, int cores, int ramGb, String price) {
        return new Tier(name, cores, ramGb, 0, null, null, new BigDecimal(price), "CNY", name);
    }

    private static TierRequest named(String tier, String renderer) {
        return new TierRequest(tier, null, Set.of(renderer), HD);
    }

    private static TierRequest required(Integer ramGb, Integer gpus, Integer gpuMemoryGb) {
        return new TierRequest(null, new Requirements(ramGb, gpus, gpuMemoryGb), Set.of("arnold"), HD);
    }

    private static Tier match(List<Tier> tiers, TierRequest request) {
        return TierMatcher.match(tiers, request);
    }

    private static List<FieldError> refusal(List<Tier> tiers, TierRequest request) {
        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> TierMatcher.match(tiers, request));
        assertThat(refused).as("a refusal").isNotNull();
        assertThat(refused.status()).isEqualTo(422);
        return refused.problem().errors();
    }
}
