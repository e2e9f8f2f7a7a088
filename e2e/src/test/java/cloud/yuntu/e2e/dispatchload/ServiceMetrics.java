package cloud.yuntu.e2e.dispatchload;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's own Prometheus figures ({@code /q/metrics}). Its reactive SQL client reports every request it sends
 * to PostgreSQL (one statement, or one batch of them) to Vert.x' client metrics, which Quarkus' Micrometer exports
 * labelled {@code clientType="sql"}.
 */
public final class ServiceMetrics {

    private static final Pattern SQL_COMPLETED = Pattern.compile(
            "^([a-z_]+)_completed_total\\{[^}]*clientType=\"sql\"[^}]*} (\\S+)$", Pattern.MULTILINE);

    private final URI metrics;
    private final HttpClient http = HttpClient.newHttpClient();

    public ServiceMetrics(URI metrics) {
        this.metrics = metrics;
    }

    /** SQL requests completed so far, over every pool of the service; NaN when the service exports none. */
    public double sqlRequests() throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException(metrics + " answered " + answer.statusCode());
        }
        Matcher m = SQL_COMPLETED.matcher(answer.body());
        double sum = 0;
        boolean any = false;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
            any = true;
        }
        return any ? sum : Double.NaN;
    }
}
