package cloud.yuntu.e2e;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One counter of a service's {@code /q/metrics} (Prometheus text), by its labels. */
final class FarmMetrics {

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private FarmMetrics() {
    }

    /**
     * The samples of {@code metric} at {@code base}'s {@code /q/metrics}, keyed by the values of {@code labels}
     * joined with {@code |} (e.g. {@code farm.frame-events|unreadable} for topic and reason); absent ones are 0.
     */
    static Map<String, Double> samples(URI base, String metric, String... labels) {
        String text = given().baseUri(base.toString()).get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> samples = new HashMap<>();
        Matcher sample = SAMPLE.matcher(text);
        while (sample.find()) {
            if (!sample.group(1).equals(metric)) {
                continue;
            }
            Map<String, String> found = new HashMap<>();
            Matcher label = LABEL.matcher(sample.group(2));
            while (label.find()) {
                found.put(label.group(1), label.group(2));
            }
            StringBuilder key = new StringBuilder();
            for (String name : labels) {
                key.append(key.isEmpty() ? "" : "|").append(found.getOrDefault(name, ""));
            }
            samples.merge(key.toString(), Double.parseDouble(sample.group(3)), Double::sum);
        }
        return samples;
    }
}
