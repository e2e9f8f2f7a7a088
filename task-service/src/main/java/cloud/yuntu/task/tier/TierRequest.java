package cloud.yuntu.task.tier;

import cloud.yuntu.contracts.frame.Resolution;
import java.util.Set;

/**
 * What a task asks of the hardware: a tier by name, or requirements matched to the cheapest tier
 * that fits; with neither, the cheapest tier that can run the task at all.
 *
 * @param tier a tier's name, or null
 * @param requirements minimum hardware, or null
 * @param renderers every renderer the task's layers use (a GPU-only one rules out CPU tiers)
 * @param largestResolution the largest image any layer renders, which must fit the tier's memory;
 *        null when not known
 */
public record TierRequest(String tier, Requirements requirements, Set<String> renderers, Resolution largestResolution) {

    public TierRequest {
        renderers = Set.copyOf(renderers);
    }
}
