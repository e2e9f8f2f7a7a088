package cloud.yuntu.agent.job;

import cloud.yuntu.contracts.agent.AgentHeartbeat.Gpu;
import cloud.yuntu.platform.client.HardwareTier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which of its configured pools a node serves, given the tiers and the node's GPUs. A pool is a class of
 * capability: task-service puts every task of a tier on its tier's pool, so a node in a pool must be able to
 * render every tier of that pool. A pool no GPU tier names needs nothing (a CPU pool, or a pool no tier names).
 * A pool with a GPU tier needs, for each such tier:
 * <ul>
 * <li>at least one GPU. Not the tier's count: the agent renders one frame per slot of
 * {@code yuntu.agent.gpu.per-slot} GPUs, so a node with fewer cards than the tier's shape still renders each
 * frame on whole cards of the right size, only fewer frames at once;</li>
 * <li>when the tier names {@code gpuMemoryGb}: every card at least that large, as its memory rounded to the
 * nearest GiB (drivers report a little less than the nominal size: an RTX A6000 "48 GB" shows 49140 MiB).
 * Every card, because any free slot may take the job, and a GPU renderer holds the whole frame on each card
 * it uses. A card whose size the driver does not report (0) meets no memory need.</li>
 * </ul>
 * Until the tiers were read once ({@code tiers} empty) no pool's needs are known: a node with GPUs serves
 * every configured pool (it can render a CPU pool's work too), a node without GPUs serves none, so it never
 * takes a GPU tier's job it cannot render.
 *
 * @param served the pools served, in configured order
 * @param skipped each configured pool not served, with what it misses
 */
public record PoolFit(List<String> served, Map<String, String> skipped) {

    private static final double GIB = 1L << 30;

    public PoolFit {
        served = List.copyOf(served);
        skipped = Map.copyOf(skipped);
    }

    /**
     * @param tiers the tiers as task-service answered them; empty while they were never read
     * @param pools the configured pools ({@code yuntu.agent.pools}); blanks and repeats are dropped
     * @param gpus the node's GPUs, declared or detected
     */
    public static PoolFit of(Optional<List<HardwareTier>> tiers, List<String> pools, List<Gpu> gpus) {
        List<String> served = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (String pool : distinct(pools)) {
            Optional<String> missing = tiers.isEmpty()
                    ? (gpus.isEmpty() ? Optional.of("the tiers were not read yet from task-service (GET /api/tiers), "
                            + "so whether pool " + pool + " needs GPUs is unknown, and this node has none") : Optional.empty())
                    : missing(pool, tiers.get(), gpus);
            if (missing.isPresent()) {
                skipped.put(pool, missing.get());
            } else {
                served.add(pool);
            }
        }
        return new PoolFit(served, skipped);
    }

    private static Optional<String> missing(String pool, List<HardwareTier> tiers, List<Gpu> gpus) {
        List<String> reasons = new ArrayList<>();
        for (HardwareTier tier : tiers) {
            if (!pool.equals(tier.pool()) || tier.gpus() <= 0) {
                continue;
            }
            String shape = tier.gpus() + " x " + tier.gpuModel()
                    + (tier.gpuMemoryGb() == null ? "" : " " + tier.gpuMemoryGb() + " GiB");
            if (gpus.isEmpty()) {
                reasons.add("tier " + tier.name() + " needs GPUs (" + shape + ") and this node reports none");
                continue;
            }
            if (tier.gpuMemoryGb() == null) {
                continue;
            }
            List<String> small = new ArrayList<>();
            for (int i = 0; i < gpus.size(); i++) {
                long gib = Math.round(gpus.get(i).memoryBytes() / GIB);
                if (gib < tier.gpuMemoryGb()) {
                    small.add("GPU " + i + " (" + gpus.get(i).model() + ") "
                            + (gpus.get(i).memoryBytes() <= 0 ? "reports no memory size" : "has " + gib + " GiB"));
                }
            }
            if (!small.isEmpty()) {
                reasons.add("tier " + tier.name() + " needs " + tier.gpuMemoryGb() + " GiB on every GPU (" + shape
                        + ") and this node's " + String.join(", ", small));
            }
        }
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }

    private static Set<String> distinct(List<String> pools) {
        Set<String> names = new LinkedHashSet<>();
        for (String pool : pools) {
            if (pool != null && !pool.isBlank()) {
                names.add(pool.strip());
            }
        }
        return names;
    }
}
