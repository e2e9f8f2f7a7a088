package cloud.yuntu.e2e.pushload;

import cloud.yuntu.e2e.bench.CpuClock;
import cloud.yuntu.e2e.bench.LatencyHistogram;
import cloud.yuntu.deploy.local.FarmOptions;
import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.local.LocalFarm;
import cloud.yuntu.deploy.postgres.PostgresServer;
import cloud.yuntu.deploy.process.StaleProcesses;
import cloud.yuntu.testsupport.TestTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The load harness of the live push ({@code ./yuntu bench push}): a Kafka broker and one gateway of
 * its own (no other service: the task events are put on Kafka here, as task-service would), N
 * WebSocket connections of U users to that gateway, R task events a second for S seconds; prints the
 * event-to-client latency of every delivered event, what was lost, and the gateway's heap per
 * connection after a full collection. It asserts nothing and is no test: the goals are printed beside
 * the figures.
 */
public final class PushBenchmark {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Duration OPEN_TIMEOUT = Duration.ofMinutes(5);
    /** Once sending stopped, deliveries may still arrive; waiting ends this long after the last one. */
    private static final Duration QUIET = Duration.ofSeconds(5);
    private static final Duration LONGEST_DRAIN = Duration.ofSeconds(60);
    private static final Duration WARM_UP = Duration.ofSeconds(10);
    private static final long GOAL_HEAP_PER_CONNECTION = 30 * 1024;
    private static final double GOAL_P99_MILLIS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PushBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        PushLoadOptions options;
        try {
            options = PushLoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        long ownLimit = OpenFilesLimit.of(Path.of("/proc/self/limits"));
        System.out.printf(Locale.ROOT, "JVM %s, %d cores, load average %s, open files limit %d%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim(), ownLimit);
        if (ownLimit < options.connections() + 1024L) {
            System.err.printf("warning: %d open files allowed, %d connections need more (ulimit -n)%n", ownLimit,
                    options.connections());
        }
        Path dataDir = Path.of("target/bench-push").toAbsolutePath();
        StaleProcesses.reap(dataDir);
        deleteTree(dataDir);
        String database = "yuntu_bench_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24), 36);
        try (LocalFarm farm = LocalFarm.start(new FarmOptions(REPOSITORY, dataDir, database, false, 0, 1),
                EnumSet.of(FarmService.GATEWAY))) {
            run(options, farm);
        } finally {
            PostgresServer.local().dropDatabase(database);
        }
    }

    private static void run(PushLoadOptions options, LocalFarm farm) throws Exception {
        GatewayProcess gateway = new GatewayProcess(farm.service(FarmService.GATEWAY).process().pid(),
                farm.gatewayManagementUrl());
        System.out.printf("gateway pid %d, %s, open files limit %d%n", gateway.pid(), gateway.jvmOptions(),
                gateway.openFilesLimit());

        TestTokens tokens = TestTokens.of(farm.secrets().tokenKeys(), LocalFarm.ISSUER);
        String[] userIds = new String[options.users()];
        String[] userTokens = new String[options.users()];
        for (int u = 0; u < userIds.length; u++) {
            userIds[u] = "load-user-" + u;
            userTokens[u] = tokens.user(userIds[u]);
        }

        Figures figures = new Figures(options);
        figures.heapBefore = gateway.heapAfterFullGc();
        try (LoadConnections clients = new LoadConnections(farm.url(FarmService.GATEWAY), options.connections());
                TaskEventLoad load = new TaskEventLoad(farm.broker().bootstrapServers(), userIds)) {
            System.out.printf(Locale.ROOT, "opening %d connections of %d users ...%n", options.connections(), options.users());
            double cpuBeforeOpening = gateway.cpuSeconds();
            figures.opened = clients.open(options, u -> userTokens[u], OPEN_TIMEOUT);
            figures.gatewayCoresOpening = (gateway.cpuSeconds() - cpuBeforeOpening) / (figures.opened.took().toNanos() / 1e9);
            System.out.printf(Locale.ROOT, "%d established in %.1f s%s%n", figures.opened.established(),
                    figures.opened.took().toNanos() / 1e9, figures.opened.failures().isEmpty() ? "" : ", failed: " + figures.opened.failures());
            figures.heapConnected = gateway.heapAfterFullGc();
            figures.residentConnected = gateway.residentBytes();
            figures.threads = gateway.threads();
            figures.openFiles = gateway.openFiles();

            // The first events create the topic and the gateway's consumers find it, join and compile
            // their code: a warm-up the figures leave out, as a farm that has run a while has none of it.
            Duration warmUp = Duration.ofSeconds(Math.min(WARM_UP.toSeconds(), options.seconds()));
            System.out.printf(Locale.ROOT, "warm-up: %d task events/s for %d s, not counted ...%n", options.rate(),
                    warmUp.toSeconds());
            DeliveryTally warming = new DeliveryTally(null);
            clients.countInto(warming);
            TaskEventLoad.Sent warmed = load.run(options.rate(), warmUp, sent -> { });
            figures.warmUpExpected = warmed.expectedDeliveries(clients.openPerUser(options.users()));
            drain(warming, figures.warmUpExpected);
            figures.warmUpDelivered = warming.delivered();

            DeliveryTally tally = new DeliveryTally(Instant.now());
            clients.countInto(tally);
            int[] openPerUser = clients.openPerUser(options.users());
            System.out.printf(Locale.ROOT, "sending %d task events/s for %d s ...%n", options.rate(), options.seconds());
            long self = ProcessHandle.current().pid();
            double cpuBefore = gateway.cpuSeconds();
            double selfBefore = CpuClock.processSeconds(self);
            double machineBefore = CpuClock.machineBusySeconds();
            long loadStart = System.nanoTime();
            TaskEventLoad.Sent sent = load.run(options.rate(), Duration.ofSeconds(options.seconds()), events -> {
                long elapsed = Math.round((System.nanoTime() - loadStart) / 1e9);
                if (elapsed % 10 == 0) {
                    LatencyHistogram window = tally.takeWindow();
                    System.out.printf(Locale.ROOT, "  %3d s: %,d sent, %,d delivered; last 10 s p50 %.1f, p99 %.1f, max %.1f ms%n",
                            elapsed, events, tally.delivered(), window.percentileMillis(0.5), window.percentileMillis(0.99),
                            window.maxMillis());
                }
            });
            double seconds = sent.took().toNanos() / 1e9;
            figures.gatewayCores = (gateway.cpuSeconds() - cpuBefore) / seconds;
            figures.loadCores = (CpuClock.processSeconds(self) - selfBefore) / seconds;
            figures.machineCores = (CpuClock.machineBusySeconds() - machineBefore) / seconds;
            figures.sent = sent;
            figures.sendFailures = load.failed();
            figures.expected = sent.expectedDeliveries(openPerUser);
            drain(tally, figures.expected);
            figures.tally = tally;
            figures.open = clients.open();
            figures.heapAfterLoad = gateway.heapAfterFullGc();
            figures.residentAfterLoad = gateway.residentBytes();
            figures.stats = pushStats(farm, tokens);
        }
        figures.print(gateway.jvmOptions());
    }

    /** Waits until every expected delivery arrived, or none arrived for {@link #QUIET}. */
    private static void drain(DeliveryTally tally, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + LONGEST_DRAIN.toNanos();
        long last = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = tally.delivered();
            if (now >= expected) {
                return;
            }
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > QUIET.toNanos()) {
                return;
            }
            Thread.sleep(100);
        }
    }

    /** The gateway's own push figures ({@code GET /api/admin/push/stats}), as an operator. */
    private static JsonNode pushStats(LocalFarm farm, TestTokens tokens) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(farm.url(FarmService.GATEWAY).resolve("/api/admin/push/stats"))
                        .header("Authorization", "Bearer " + tokens.admin("load-operator")).build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : JSON.createObjectNode().put("status", answer.statusCode());
    }

    /** What one run measured, and the table it ends with. */
    private static final class Figures {

        final PushLoadOptions options;
        LoadConnections.Opened opened;
        long heapBefore;
        long heapConnected;
        long heapAfterLoad;
        long residentConnected;
        long residentAfterLoad;
        long threads;
        long openFiles;
        long warmUpExpected;
        long warmUpDelivered;
        TaskEventLoad.Sent sent;
        long sendFailures;
        long expected;
        DeliveryTally tally;
        int open;
        double gatewayCoresOpening;
        double gatewayCores;
        double loadCores;
        double machineCores;
        JsonNode stats;

        Figures(PushLoadOptions options) {
            this.options = options;
        }

        void print(String jvmOptions) {
            LatencyHistogram latencies = tally.latencies();
            int connected = Math.max(1, opened.established());
            double perConnection = (heapConnected - heapBefore) / (double) connected;
            double perConnectionAfter = (heapAfterLoad - heapBefore) / (double) connected;
            long missing = Math.max(0, expected - tally.delivered());
            List<String[]> rows = new ArrayList<>();
            rows.add(row("connections established", String.format(Locale.ROOT, "%,d of %,d (%,d users) in %.1f s, %.0f/s%s",
                    opened.established(), opened.asked(), options.users(), opened.took().toNanos() / 1e9, opened.perSecond(),
                    opened.failures().isEmpty() ? "" : "; failed: " + opened.failures()), "10,000"));
            rows.add(row("gateway heap per connection, after full GC", String.format(Locale.ROOT,
                    "%.1f KB (%.1f MB with none, %.1f MB with %,d)", perConnection / 1024, mb(heapBefore), mb(heapConnected),
                    opened.established()), "under 30 KB"));
            rows.add(row("the same after the load (with its caches)", String.format(Locale.ROOT, "%.1f KB (%.1f MB, %,d still open)",
                    perConnectionAfter / 1024, mb(heapAfterLoad), open), "under 30 KB"));
            rows.add(row("event -> client latency p50 / p99 / p99.9 / max", String.format(Locale.ROOT,
                    "%.1f / %.1f / %.1f / %.1f ms", latencies.percentileMillis(0.5), latencies.percentileMillis(0.99),
                    latencies.percentileMillis(0.999), latencies.maxMillis()), "p99 under 50 ms"));
            LatencyHistogram numbering = tally.toNumbered();
            rows.add(row("of which until numbered (envelope ts) p50 / p99 / max", String.format(Locale.ROOT,
                    "%.1f / %.1f / %.1f ms", numbering.percentileMillis(0.5), numbering.percentileMillis(0.99),
                    numbering.maxMillis()), ""));
            rows.add(row("task events sent", String.format(Locale.ROOT, "%,d at %.0f/s (%,d refused by Kafka)", sent.events(),
                    sent.perSecond(), sendFailures), String.format(Locale.ROOT, "%,d/s", options.rate())));
            rows.add(row("deliveries expected / delivered", String.format(Locale.ROOT, "%,d / %,d (%.3f%%)", expected,
                    tally.delivered(), 100.0 * tally.delivered() / Math.max(1, expected)), "all"));
            rows.add(row("missing / seq gaps / repeated / resyncs", String.format(Locale.ROOT, "%,d / %,d / %,d / %,d", missing,
                    tally.skipped(), tally.repeated(), tally.resyncs()), "0"));
            rows.add(row("connections closed by the gateway (code: count)", tally.closes().isEmpty() ? "none"
                    : tally.closes().toString(), "none"));
            rows.add(row("gateway send queue high water / limit", stats.path("sendQueueHighWater").asText("?") + " / "
                    + stats.path("sendQueueLimit").asText("?"), ""));
            rows.add(row("warm-up deliveries (not in the figures above)", String.format(Locale.ROOT,
                    "%,d of %,d, %,d more during the load", warmUpDelivered, warmUpExpected, tally.earlier()), ""));
            rows.add(row("gateway CPU while opening / during the load", String.format(Locale.ROOT, "%.2f / %.2f cores",
                    gatewayCoresOpening, gatewayCores), ""));
            rows.add(row("machine busy during the load: all / this load's JVM", String.format(Locale.ROOT,
                    "%.2f / %.2f of %d cores (the rest: gateway, Kafka, PostgreSQL and whatever else runs)", machineCores,
                    loadCores, Runtime.getRuntime().availableProcessors()), ""));
            rows.add(row("gateway process with the connections", String.format(Locale.ROOT,
                    "RSS %.0f MB (%.0f MB after the load), %d threads, %,d open files", mb(residentConnected),
                    mb(residentAfterLoad), threads, openFiles), ""));
            rows.add(row("gateway JVM", jvmOptions, ""));
            System.out.printf(Locale.ROOT, "%nPush load: %,d connections, %,d users, %,d events/s for %d s%n%n",
                    options.connections(), options.users(), options.rate(), options.seconds());
            int[] widths = new int[3];
            for (String[] r : rows) {
                for (int i = 0; i < 3; i++) {
                    widths[i] = Math.max(widths[i], r[i].length());
                }
            }
            String format = "| %-" + widths[0] + "s | %-" + widths[1] + "s | %-" + widths[2] + "s |%n";
            System.out.printf(format, "figure", "measured", "goal");
            System.out.printf(format, "-".repeat(widths[0]), "-".repeat(widths[1]), "-".repeat(widths[2]));
            rows.forEach(r -> System.out.printf(format, (Object[]) r));
            System.out.printf(Locale.ROOT, "%nGoals: heap per connection under %d KB: %s; p99 under %.0f ms: %s%n",
                    GOAL_HEAP_PER_CONNECTION / 1024, perConnection < GOAL_HEAP_PER_CONNECTION ? "met" : "not met",
                    GOAL_P99_MILLIS, latencies.percentileMillis(0.99) < GOAL_P99_MILLIS ? "met" : "not met");
        }

        private static String[] row(String figure, String measured, String goal) {
            return new String[] {figure, measured, goal};
        }

        private static double mb(long bytes) {
            return bytes / (1024.0 * 1024.0);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
