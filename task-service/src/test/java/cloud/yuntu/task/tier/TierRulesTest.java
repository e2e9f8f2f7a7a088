package cloud.yuntu.task.tier;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.task.tier.TierResource.TierEdit;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** What an admin's PUT of a tier must be. */
class TierRulesTest {

    static final TierEdit CPU = new TierEdit(8, 16, null, null, null, new BigDecimal("0.5"), "CNY", null);
    static final TierEdit GPU = new TierEdit(24, 64, 2, "NVIDIA RTX A6000", 48, new BigDecimal("2.5"), "CNY", "high");

    @Test
    void goodTiersPass() {
        assertThat(TierRules.problems("basic", CPU)).isEmpty();
        assertThat(TierRules.problems("high-2", GPU)).isEmpty();
        assertThat(CPU.tier("basic")).isEqualTo(new Tier("basic", 8, 16, 0, null, null, new BigDecimal("0.5"), "CNY", "basic"));
        assertThat(GPU.tier("high-2").pool()).isEqualTo("high");
    }

    @Test
    void everyFieldAtFaultIsNamedAtOnce() {
        TierEdit bad = new TierEdit(0, null, -1, null, null, new BigDecimal("-1"), "cny", "High.pool");
        assertThat(TierRules.problems("Bad Name", bad)).extracting(FieldError::field)
                .containsExactly("name", "cores", "ramGb", "gpus", "pricePerHour", "currency", "pool");
        assertThat(TierRules.problems("x", null)).extracting(FieldError::field)
                .containsExactly("cores", "ramGb", "pricePerHour", "currency");
    }

    @Test
    void aGpuTierDescribesItsGpusAndACpuTierHasNone() {
        assertThat(TierRules.problems("g", new TierEdit(8, 16, 1, " ", null, BigDecimal.ONE, "CNY", null)))
                .extracting(FieldError::field).containsExactly("gpuModel", "gpuMemoryGb");
        assertThat(TierRules.problems("g", new TierEdit(8, 16, 1, "A6000\nforged", 48, BigDecimal.ONE, "CNY", null)))
                .extracting(FieldError::field).containsExactly("gpuModel");
        assertThat(TierRules.problems("c", new TierEdit(8, 16, 0, "A6000", 48, BigDecimal.ONE, "CNY", null)))
                .extracting(FieldError::field).containsExactly("gpuModel", "gpuMemoryGb");
    }

    @Test
    void pricesFitTheColumn() {
        assertThat(TierRules.problems("p", new TierEdit(8, 16, null, null, null, new BigDecimal("0.12345"), "CNY", null)))
                .extracting(FieldError::field).containsExactly("pricePerHour");
        assertThat(TierRules.problems("p", new TierEdit(8, 16, null, null, null, new BigDecimal("100000000"), "CNY", null)))
                .extracting(FieldError::field).containsExactly("pricePerHour");
        assertThat(TierRules.problems("p", new TierEdit(8, 16, null, null, null, new BigDecimal("0.1000"), "CNY", null))).isEmpty();
        assertThat(TierRules.problems("p", new TierEdit(8, 16, null, null, null, BigDecimal.ZERO, "CNY", null))).isEmpty();
    }
}
