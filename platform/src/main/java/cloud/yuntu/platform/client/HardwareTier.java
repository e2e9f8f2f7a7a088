package cloud.yuntu.platform.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;

/**
 * One hardware tier as task-service's {@code GET /api/tiers} answers it: the shape of one render node of
 * its pool and what an hour of it costs. Fields task-service may add later are ignored.
 *
 * @param gpus GPUs of one node; 0 for a CPU tier
 * @param gpuModel e.g. "NVIDIA RTX A6000"; null for a CPU tier
 * @param gpuMemoryGb memory of each GPU, GiB; null for a CPU tier
 * @param pool the agent pool whose nodes are of this tier
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HardwareTier(
        String name,
        int cores,
        int ramGb,
        int gpus,
        String gpuModel,
        Integer gpuMemoryGb,
        BigDecimal pricePerHour,
        String currency,
        String pool) {
}
