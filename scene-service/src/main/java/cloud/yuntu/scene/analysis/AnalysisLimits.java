package cloud.yuntu.scene.analysis;

/**
 * Bounds on what one analysis keeps and answers, so that a hostile scene is refused instead of
 * exhausting memory or producing a report no consumer can take (configuration: {@code yuntu.scene.limits.*}).
 *
 * @param maxLayers render layers a scene may have
 * @param maxCameras cameras a scene may have
 * @param maxDependencies dependencies (files and references) a scene may have
 * @param maxWarnings warnings kept; the rest are counted in one limit-exceeded warning
 * @param maxReportBytes largest serialized report (JSON bytes)
 * @param maxFactBytes estimated bytes of facts kept while streaming
 */
public record AnalysisLimits(int maxLayers, int maxCameras, int maxDependencies, int maxWarnings, int maxReportBytes,
        long maxFactBytes) {

    public static final AnalysisLimits DEFAULT = new AnalysisLimits(200, 1000, 5000, 500, 512 * 1024, 32L * 1024 * 1024);

    public AnalysisLimits {
        if (maxLayers < 1 || maxCameras < 1 || maxDependencies < 1 || maxWarnings < 10 || maxReportBytes < 16 * 1024
                || maxFactBytes < 1024 * 1024) {
            throw new IllegalArgumentException("analysis limits too small to analyse any real scene");
        }
    }
}
