package cloud.yuntu.scene.analysis;

import cloud.yuntu.contracts.scene.SceneReport.Resolution;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maya's own defaults that depend on the version that saved the scene. A value equal to what
 * Maya sets up for a new scene is not written, so a scene that writes no {@code defaultResolution}
 * width/height renders at the new-scene image size of the Maya that saved it: 640x480 up to Maya
 * 2016, HD 1080 (1920x1080) from Maya 2017 on, the release whose new scenes start at HD 1080.
 * The release is the lead's reading of real Maya's behaviour, not confirmed here from Autodesk's
 * release notes (which were not at hand; public Maya 2025 scenes that write 640x480 explicitly fit
 * a different new-scene default): {@link #HD_1080_SINCE} is the one place to correct it.
 */
final class MayaDefaults {

    /** First Maya release whose new scenes default to HD 1080. */
    static final int HD_1080_SINCE = 2017;

    private static final Pattern YEAR_OR_MAJOR = Pattern.compile("^(\\d+)");

    private MayaDefaults() {
    }

    /** @param mayaVersion as the file states it ({@code 2017ff04}, {@code 2016.5}, {@code 8.5}); null when unknown */
    static Resolution resolution(String mayaVersion) {
        return major(mayaVersion) >= HD_1080_SINCE ? new Resolution(1920, 1080) : new Resolution(640, 480);
    }

    /** The leading number of a version ({@code 2017ff04} -> 2017, {@code 8.5} -> 8), 0 when there is none. */
    static int major(String mayaVersion) {
        if (mayaVersion == null) {
            return 0;
        }
        Matcher m = YEAR_OR_MAJOR.matcher(mayaVersion.trim());
        if (!m.find()) {
            return 0;
        }
        try {
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
