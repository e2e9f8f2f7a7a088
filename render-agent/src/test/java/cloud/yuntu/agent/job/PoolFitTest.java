package cloud.yuntu.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.agent.AgentHeartbeat.Gpu;
import cloud.yuntu.platform.client.HardwareTier;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoolFitTest {

    private static final long MIB = 1L << 20;
    private static final String A6000 = "NVIDIA RTX A6000";
    /** The farm's tiers as task-service seeds them. */
    private static final List<HardwareTier> TIERS = List.of(
            cpuTier("basic", "basic"), cpuTier("standard", "standard"), gpuTier("high", "high", 2, A6000, 48));

    @Test
    void aCpuNodeInAGpuPoolSkipsItNamingTheTierAndWhatIsMissing() {
        PoolFit fit = PoolFit.of(Optional.of(TIERS), List.of("basic", "high"), List.of());

        assertThat(fit.served()).containsExactly("basic");
        assertThat(fit.skipped()).containsOnlyKeys("high");
        assertThat(fit.skipped().get("high"))
                .isEqualTo("tier high needs GPUs (2 x NVIDIA RTX A6000 48 GiB) and this node reports none");
    }

    @Test
    void oneCardOfTheTiersMemoryServesATierOfTwoCards() {
        // nvidia-smi's size of an RTX A6000: 49140 MiB, a little under the nominal 48 GiB.
        PoolFit fit = PoolFit.of(Optional.of(TIERS), List.of("high"), List.of(new Gpu(A6000, 49140 * MIB)));

        assertThat(fit.served()).containsExactly("high");
        assertThat(fit.skipped()).isEmpty();
    }

    @Test
    void everyCardMustHoldTheTiersMemory() {
        List<Gpu> mixed = List.of(new Gpu(A6000, 49140 * MIB), new Gpu("Tesla T4", 15360 * MIB));

        PoolFit fit = PoolFit.of(Optional.of(TIERS), List.of("high"), mixed);

        assertThat(fit.served()).isEmpty();
        assertThat(fit.skipped().get("high")).isEqualTo(
                "tier high needs 48 GiB on every GPU (2 x NVIDIA RTX A6000 48 GiB) and this node's GPU 1 (Tesla T4) has 15 GiB");
    }

    @Test
    void aCardOfUnknownMemoryMeetsNoMemoryNeed() {
        PoolFit fit = PoolFit.of(Optional.of(TIERS), List.of("high"), List.of(new Gpu("NVIDIA GH200 480GB", 0)));

        assertThat(fit.skipped().get("high")).endsWith("this node's GPU 0 (NVIDIA GH200 480GB) reports no memory size");
    }

    @Test
    void aGpuTierWithoutMemoryNeedsOnlyAGpu() {
        List<HardwareTier> tiers = List.of(gpuTier("any-gpu", "gpu", 1, "any", null));

        assertThat(PoolFit.of(Optional.of(tiers), List.of("gpu"), List.of(new Gpu("Tesla T4", 15360 * MIB))).served())
                .containsExactly("gpu");
        assertThat(PoolFit.of(Optional.of(tiers), List.of("gpu"), List.of()).served()).isEmpty();
    }

    @Test
    void aPoolNeedsWhatEachOfItsTiersNeeds() {
        // Two tiers on one pool: its nodes get either tier's jobs, so they must fit the larger card.
        List<HardwareTier> tiers = List.of(gpuTier("gpu-s", "gpu", 1, "RTX 4090", 24), gpuTier("gpu-l", "gpu", 1, A6000, 48),
                cpuTier("cheap", "gpu"));

        PoolFit fit = PoolFit.of(Optional.of(tiers), List.of("gpu"), List.of(new Gpu("RTX 4090", 24564 * MIB)));

        assertThat(fit.served()).isEmpty();
        assertThat(fit.skipped().get("gpu")).startsWith("tier gpu-l needs 48 GiB on every GPU").doesNotContain("gpu-s");
    }

    @Test
    void aPoolWithoutGpuTiersOrWithoutAnyTierNeedsNothing() {
        PoolFit fit = PoolFit.of(Optional.of(TIERS), List.of("standard", "cpu"), List.of());

        assertThat(fit.served()).containsExactly("standard", "cpu");
        assertThat(fit.skipped()).isEmpty();
    }

    @Test
    void tiersOfOtherPoolsDoNotCount() {
        // A GPU tier named like the pool but placed on another pool does not make the pool a GPU pool.
        List<HardwareTier> tiers = List.of(gpuTier("high", "render-gpu", 2, A6000, 48), cpuTier("cpu-high", "high"));

        assertThat(PoolFit.of(Optional.of(tiers), List.of("high"), List.of()).served()).containsExactly("high");
    }

    @Test
    void untilTheTiersAreReadANodeWithoutGpusServesNothingAndANodeWithGpusServesEveryPool() {
        PoolFit cpu = PoolFit.of(Optional.empty(), List.of("basic", "high"), List.of());
        PoolFit gpu = PoolFit.of(Optional.empty(), List.of("basic", "high"), List.of(new Gpu("Tesla T4", 15360 * MIB)));

        assertThat(cpu.served()).isEmpty();
        assertThat(cpu.skipped()).containsOnlyKeys("basic", "high");
        assertThat(cpu.skipped().get("high")).contains("tiers were not read yet").contains("pool high");
        assertThat(gpu.served()).containsExactly("basic", "high");
    }

    @Test
    void poolsAreTrimmedAndTakenOnce() {
        PoolFit fit = PoolFit.of(Optional.of(TIERS), List.of(" basic", "basic ", "", "high"), List.of());

        assertThat(fit.served()).containsExactly("basic");
        assertThat(fit.skipped()).containsOnlyKeys("high");
    }

    private static HardwareTier cpuTier(String name, String pool) {
        return new HardwareTier(name, 8, 16, 0, null, null, BigDecimal.ONE, "CNY", pool);
    }

    private static HardwareTier gpuTier(String name, String pool, int gpus, String model, Integer memoryGb) {
        return new HardwareTier(name, 24, 64, gpus, model, memoryGb, BigDecimal.TEN, "CNY", pool);
    }
}
