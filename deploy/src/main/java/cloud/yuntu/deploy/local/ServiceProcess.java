package cloud.yuntu.deploy.local;

import cloud.yuntu.deploy.process.ChildProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A packaged Quarkus service ({@code target/quarkus-app/quarkus-run.jar}) run as its own JVM. */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final URI baseUrl;
    private final URI healthUrl;
    private final ChildProcess process;

    private ServiceProcess(String name, URI baseUrl, URI healthUrl, ChildProcess process) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.healthUrl = healthUrl;
        this.process = process;
    }

    /**
     * @param port the HTTP port, which {@code properties} bind to an interface ({@code quarkus.http.host})
     * @param managementPort the port of the service's management interface ({@code /q/*}), or 0 when
     *        {@code /q/*} is on the HTTP port
     * @param properties Quarkus configuration that is no secret, passed as system properties so it wins
     *        over the packaged application.properties (and anyone may read it in {@code ps})
     * @param environment secrets, as Quarkus' environment variable names ({@code QUARKUS_DATASOURCE_PASSWORD}):
     *        a process's environment is readable by its owner only, its command line by everyone
     */
    public static ServiceProcess start(String name, Path repository, FarmService service, int port, int managementPort,
            Map<String, String> properties, Map<String, String> environment, Path logFile) {
        Path jar = repository.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the farm first (mvn -DskipTests package)");
        }
        List<String> args = new ArrayList<>(List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC"));
        if (service != FarmService.FILE && service != FarmService.GATEWAY) {
            // The quick compiler only: a faster start on a small machine. Not for the two services every
            // uploaded byte crosses: under C1 alone hashing SHA-256, MD5 and xxHash64 of a body runs at
            // 62-70 MB/s, with C2 at 121-153 MB/s (measured), and uploads ran about 3x faster without it.
            args.add("-XX:TieredStopAtLevel=1");
        }
        properties.forEach((key, value) -> args.add("-D" + key + "=" + value));
        args.add("-Dquarkus.http.port=" + port);
        if (managementPort > 0) {
            args.add("-Dquarkus.management.port=" + managementPort);
        }
        args.add("-jar");
        args.add(jar.toString());
        ChildProcess process = ChildProcess.startJava(name, args, environment, logFile);
        return new ServiceProcess(name, URI.create("http://127.0.0.1:" + port),
                URI.create("http://127.0.0.1:" + (managementPort > 0 ? managementPort : port)), process);
    }

    public String name() {
        return name;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** Where its {@code /q/health/*} answers: the management interface when it has one. */
    public URI healthUrl() {
        return healthUrl;
    }

    public ChildProcess process() {
        return process;
    }

    /** Waits for {@code /q/health/ready} to answer 200. */
    public void awaitReady(Duration timeout) {
        URI ready = healthUrl.resolve("/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start; last log lines:\n" + process.logTail(60));
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s (" + last + "); log:\n"
                + process.logTail(60));
    }

    @Override
    public void close() {
        process.close();
    }
}
