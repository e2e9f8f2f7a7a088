package cloud.yuntu.task.cost;

import java.math.BigDecimal;
import java.util.List;

/**
 * What the whole task will cost and how long it will render, measured on its own test frames on its
 * own tier: each layer's frames cost what that layer's test frames took on average (a layer without a
 * rendered test frame takes the mean of all test frames), billed as {@link CostMeter} bills. The time is
 * the wall time with the pool's slots: the frames in waves as wide as the slots. A pure rule.
 *
 * @param cost the whole task's cost, the test frames included
 * @param seconds the whole task's wall time from the start of rendering
 */
public record Estimate(BigDecimal cost, String currency, long seconds) {

    /**
     * One layer as the estimate sees it.
     *
     * @param frames the layer's frames in total, its test frames included
     * @param testSeconds renderer seconds of each of its test frames that succeeded
     */
    public record Layer(int frames, List<Double> testSeconds) {
    }

    /**
     * @param slots the frames the pool renders at once (at least 1 is assumed)
     * @return null when no test frame succeeded: nothing was measured
     */
    public static Estimate of(List<Layer> layers, BigDecimal pricePerHour, String currency, int slots) {
        double measuredSeconds = layers.stream().flatMap(l -> l.testSeconds().stream()).mapToDouble(Double::doubleValue).sum();
        long measured = layers.stream().mapToLong(l -> l.testSeconds().size()).sum();
        if (measured == 0) {
            return null;
        }
        double overallMean = measuredSeconds / measured;
        double renderSeconds = 0;
        long frames = 0;
        for (Layer layer : layers) {
            double mean = layer.testSeconds().isEmpty() ? overallMean
                    : layer.testSeconds().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            renderSeconds += mean * layer.frames();
            frames += layer.frames();
        }
        long parallel = Math.max(1, Math.min(frames, slots));
        double meanFrame = frames == 0 ? 0 : renderSeconds / frames;
        long waves = frames == 0 ? 0 : (frames + parallel - 1) / parallel;
        return new Estimate(CostMeter.of(renderSeconds, pricePerHour, currency).amount(), currency,
                Math.round(meanFrame * waves));
    }
}
