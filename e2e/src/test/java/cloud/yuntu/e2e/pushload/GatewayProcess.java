package cloud.yuntu.e2e.pushload;

import cloud.yuntu.e2e.bench.CpuClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The gateway's JVM seen from outside, on this machine: its heap after a full collection (forced with
 * {@code jcmd GC.run}, then read from its own {@code jvm_memory_used_bytes{area="heap"}} on the
 * management port), its JVM options, and from {@code /proc} its resident memory, threads, open file
 * descriptors, their limit and the CPU time it used.
 */
final class GatewayProcess {

    private static final Pattern HEAP_USED = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)$",
            Pattern.MULTILINE);

    private final long pid;
    private final URI metrics;
    private final HttpClient http = HttpClient.newHttpClient();

    GatewayProcess(long pid, URI managementUrl) {
        this.pid = pid;
        this.metrics = managementUrl.resolve("/q/metrics");
    }

    long pid() {
        return pid;
    }

    /** Bytes of heap in use after two full collections: what the live objects take. */
    long heapAfterFullGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        jcmd("GC.run");
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException(metrics + " answered " + answer.statusCode());
        }
        Matcher pools = HEAP_USED.matcher(answer.body());
        double used = 0;
        boolean any = false;
        while (pools.find()) {
            used += Double.parseDouble(pools.group(1));
            any = true;
        }
        if (!any) {
            throw new IOException("no jvm_memory_used_bytes{area=\"heap\"} on " + metrics);
        }
        return (long) used;
    }

    /** The JVM options it runs with ({@code -X...}, {@code -XX:...}), as on its command line. */
    String jvmOptions() {
        List<String> arguments = ProcessHandle.of(pid).flatMap(p -> p.info().arguments()).map(List::of).orElse(List.of());
        return String.join(" ", arguments.stream().filter(a -> a.startsWith("-X")).toList());
    }

    /** Resident memory in bytes ({@code VmRSS}). */
    long residentBytes() throws IOException {
        return statusField("VmRSS") * 1024;
    }

    long threads() throws IOException {
        return statusField("Threads");
    }

    long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }

    /** The soft limit of open files ({@code ulimit -n} it inherited). */
    long openFilesLimit() throws IOException {
        return OpenFilesLimit.of(Path.of("/proc", Long.toString(pid), "limits"));
    }

    /** CPU time used so far (user + system), in seconds. */
    double cpuSeconds() throws IOException {
        return CpuClock.processSeconds(pid);
    }

    private long statusField(String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no " + name + " in /proc/" + pid + "/status");
    }

    private void jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process run = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(run.getInputStream().readAllBytes());
        if (run.waitFor() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
        }
    }
}
