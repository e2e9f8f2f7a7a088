package cloud.yuntu.gateway.proxy;

import java.util.Set;

/**
 * The {@code uri} tag a proxied request is counted under in {@code /q/metrics}. The raw path holds
 * task ids, user names and object keys: as tags they would publish who renders what to anyone
 * reading metrics, and grow a new time series per id. Only the API's own words are kept; every
 * other segment becomes {@code {id}}, and an object key after {@code blob} becomes one {@code {key}}.
 */
final class MetricsPath {

    /** Path segments of the public API (ARCHITECTURE.md "Public API"): fixed words, never data. */
    private static final Set<String> API_WORDS = Set.of(
            "api", "tasks", "frames", "pause", "resume", "cancel", "approve", "retry",
            "auth", "token", "accounts",
            "files", "scenes", "objects", "presign", "results", "blob",
            "analysis", "analyses", "assets", "check", "tiers");

    /** Deeper paths are cut off: no route of ours is that deep, and the tag set stays small. */
    static final int MAX_SEGMENTS = 6;

    private MetricsPath() {
    }

    static String template(String path) {
        String[] segments = path.split("/", -1);
        StringBuilder template = new StringBuilder();
        // segments[0] is the empty string before the leading slash.
        for (int i = 1; i < segments.length; i++) {
            if (i > MAX_SEGMENTS) {
                template.append("/{rest}");
                break;
            }
            String segment = segments[i];
            template.append('/');
            if (API_WORDS.contains(segment)) {
                template.append(segment);
                if ("blob".equals(segment) && i + 1 < segments.length) {
                    template.append("/{key}");
                    break;
                }
            } else if (!segment.isEmpty()) {
                template.append("{id}");
            }
        }
        return template.isEmpty() ? "/" : template.toString();
    }
}
