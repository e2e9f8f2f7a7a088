package cloud.yuntu.task.tier;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/**
 * A hardware tier users pick: what one render node of its pool has, and what an hour of it costs.
 * Also the JSON of {@code GET /api/tiers}.
 *
 * @param cores CPU cores of one node
 * @param ramGb RAM of one node, GiB
 * @param gpus GPUs of one node; 0 for a CPU tier
 * @param gpuModel e.g. "NVIDIA RTX A6000"; null for a CPU tier
 * @param gpuMemoryGb memory of each GPU, GiB; null for a CPU tier. A GPU renderer holds the whole
 *        frame on each GPU it uses, so this, not the sum, bounds what one frame may need
 * @param pricePerHour what one node hour costs; a frame costs its render seconds x this / 3600
 * @param pool the agent pool whose nodes are of this tier (by default the tier's name)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tier(
        String name,
        int cores,
        int ramGb,
        int gpus,
        String gpuModel,
        Integer gpuMemoryGb,
        BigDecimal pricePerHour,
        String currency,
        String pool) {

    @JsonIgnore
    public boolean hasGpus() {
        return gpus > 0;
    }

    public ChosenTier chosen() {
        return new ChosenTier(name, pool, pricePerHour, currency);
    }
}
