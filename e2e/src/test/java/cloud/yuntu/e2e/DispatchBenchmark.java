package cloud.yuntu.e2e;

import cloud.yuntu.deploy.local.FarmOptions;
import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.local.LocalFarm;
import cloud.yuntu.deploy.postgres.DatabaseUser;
import cloud.yuntu.deploy.postgres.PostgresServer;
import cloud.yuntu.deploy.process.StaleProcesses;
import cloud.yuntu.e2e.dispatchload.DatabaseActivity;
import cloud.yuntu.e2e.dispatchload.DispatchLoadOptions;
import cloud.yuntu.e2e.dispatchload.RecordSizes;
import cloud.yuntu.e2e.dispatchload.ServiceMetrics;
import cloud.yuntu.e2e.dispatchload.SteadyWindow;
import cloud.yuntu.testsupport.TestTokens;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Dispatch at farm scale ({@code ./yuntu bench dispatch [--agents N] [--frames N] [--slots M]}): task-service,
 * file-service and scene-service as the local launcher runs them, a broker and a database of their own, no render
 * agent process; N simulated agents in this JVM ({@code dispatchload.AgentFleet}) take one task's frames through the
 * lane's share group and report them as agents do. Prints frames booked per second over the steady part of the run,
 * the agents' hand-off latency, database work and broker bytes per frame, and the JVMs' flags; fails (exit 1) when
 * the task does not end COMPLETED with every frame SUCCEEDED exactly once. It asserts no figure: the goals are
 * printed beside them.
 */
public final class DispatchBenchmark {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final double GOAL_RATE = 2_000;
    private static final double GOAL_P50_MILLIS = 20;
    private static final double GOAL_P99_MILLIS = 100;

    private DispatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        DispatchLoadOptions options;
        try {
            options = DispatchLoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf(Locale.ROOT, "JVM %s, %d cores, load average %s%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim());
        Path dataDir = Path.of("target/bench-dispatch").toAbsolutePath();
        StaleProcesses.reap(dataDir);
        deleteTree(dataDir);
        String database = "yuntu_bench_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24), 36);
        // A user may submit 100,000 frames per task (yuntu.task.quota.frames-per-task); a larger run raises it.
        Map<FarmService, Map<String, String>> overrides = Map.of(FarmService.TASK,
                Map.of("yuntu.task.quota.frames-per-task", Integer.toString(Math.max(100_000, options.frames())),
                        "yuntu.task.dispatch.jobs-ahead-per-agent", Integer.toString(options.ahead())));
        boolean ok;
        try (LocalFarm farm = LocalFarm.start(new FarmOptions(REPOSITORY, dataDir, database, false, 0, 1),
                EnumSet.of(FarmService.FILE, FarmService.SCENE, FarmService.TASK), overrides)) {
            // A run takes minutes: Ctrl-C stops the farm's processes and drops its database too.
            Thread interrupted = new Thread(() -> {
                farm.close();
                PostgresServer.local().dropDatabase(database);
            }, "stop-bench-farm");
            Runtime.getRuntime().addShutdownHook(interrupted);
            ok = run(options, farm, database);
            Runtime.getRuntime().removeShutdownHook(interrupted);
        } finally {
            PostgresServer.local().dropDatabase(database);
        }
        System.exit(ok ? 0 : 1);
    }

    private static boolean run(DispatchLoadOptions options, LocalFarm farm, String database) throws Exception {
        TestTokens tokens = TestTokens.of(farm.secrets().tokenKeys(), LocalFarm.ISSUER);
        DatabaseUser user = DatabaseUser.localDefault();
        String jdbc = PostgresServer.local().jdbcUrl(database);
        ServiceMetrics taskMetrics = new ServiceMetrics(farm.url(FarmService.TASK).resolve("/q/metrics"));
        DatabaseActivity.Snapshot[] db = new DatabaseActivity.Snapshot[2];
        double[] sql = new double[2];
        DispatchLoad.Reading reading = new DispatchLoad.Reading() {
            @Override
            public void before() throws Exception {
                db[0] = DatabaseActivity.read(jdbc, user.name(), user.password());
                sql[0] = taskMetrics.sqlRequests();
            }

            @Override
            public void after() throws Exception {
                db[1] = DatabaseActivity.read(jdbc, user.name(), user.password());
                sql[1] = taskMetrics.sqlRequests();
            }
        };
        DispatchLoad.Setup setup = new DispatchLoad.Setup("dispatch", options.agents(), options.slots(), options.frames(),
                Duration.ofMinutes(3), Duration.ofHours(2), options.warmup());
        DispatchLoad.Outcome outcome = DispatchLoad.run(farm, tokens, setup, reading, System.out);

        String taskJvm = jvmFlags(farm.service(FarmService.TASK).process().pid());
        String ownJvm = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X")).toList());
        print(options, outcome, db[1].since(db[0]), sql[1] - sql[0], DatabaseActivity.statementsExtension(jdbc, user.name(),
                user.password()), taskJvm, ownJvm);
        return outcome.problems.isEmpty();
    }

    private static void print(DispatchLoadOptions options, DispatchLoad.Outcome o, DatabaseActivity.Snapshot db, double sqlRequests,
            boolean statements, String taskJvm, String ownJvm) {
        int frames = options.frames();
        SteadyWindow w = o.window;
        List<String[]> rows = new ArrayList<>();
        rows.add(row("agents (share consumers, one thread each)", String.format(Locale.ROOT, "%,d of %,d joined the lane's share group in %.1f s, %d slot(s) each",
                o.members, options.agents(), o.joinSeconds, options.slots()), "1,000"));
        rows.add(row("jobs released ahead of each agent's free slots (--ahead)", Integer.toString(options.ahead()), ""));
        rows.add(row("warm-up task before the measured one, not counted (--warmup)", String.format(Locale.ROOT, "%,d frames",
                options.warmup()), ""));
        rows.add(row("task", String.format(Locale.ROOT, "%,d frames, %s in %.1f s from submission", frames,
                o.finalView.getString("status"), o.runSeconds), "100,000 backlog"));
        rows.add(row("frames booked per second, sustained", w == null ? "-" : String.format(Locale.ROOT,
                "%.0f/s (%,d bookings over %.1f s: from %.0f%% to %.0f%% of the frames booked)", w.perSecond(), w.frames(),
                w.seconds(), SteadyWindow.FROM * 100, SteadyWindow.TO * 100), ">= 2,000/s"));
        rows.add(row("hand-off p50 / p99 / max (steady window)", String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms (%,d hand-offs)",
                o.steadyHandOffs.percentileMillis(0.5), o.steadyHandOffs.percentileMillis(0.99), o.steadyHandOffs.maxMillis(),
                o.steadyHandOffs.count()), "p50 < 20 ms, p99 < 100 ms"));
        rows.add(row("hand-off p50 / p99 / max (whole run)", String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms (%,d hand-offs)",
                o.allHandOffs.percentileMillis(0.5), o.allHandOffs.percentileMillis(0.99), o.allHandOffs.maxMillis(),
                o.allHandOffs.count()), ""));
        rows.add(row("database transactions per frame (pg_stat_database)", String.format(Locale.ROOT,
                "%.2f (%,d in all, %,d rolled back; every service and the heartbeats included)", db.transactions() / (double) frames,
                db.transactions(), db.rollbacks()), ""));
        rows.add(row("task-service SQL requests per frame (its SQL client's metrics)", Double.isNaN(sqlRequests) ? "not exposed"
                : String.format(Locale.ROOT, "%.2f (%,.0f in all)", sqlRequests / frames, sqlRequests), ""));
        db.schemas().forEach((schema, t) -> rows.add(row("rows written per frame, schema " + schema, String.format(Locale.ROOT,
                "%.2f (%,d inserted, %,d updated, %,d deleted; %,d table scans)", t.written() / (double) frames, t.inserted(),
                t.updated(), t.deleted(), t.scans()), "")));
        rows.add(row("statements per frame (pg_stat_statements)", statements ? "installed, not read"
                : "not installed in the database: it needs the shared server restarted with it preloaded", ""));
        long brokerTotal = o.brokerBytes.values().stream().mapToLong(Long::longValue).sum();
        rows.add(row("broker bytes per frame (log growth, describeLogDirs)", String.format(Locale.ROOT, "%,.0f B (%,.1f MB in all)",
                brokerTotal / (double) frames, brokerTotal / 1e6), ""));
        o.brokerBytes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> rows.add(row("  of which " + e.getKey(), String.format(Locale.ROOT, "%,.0f B/frame", e.getValue() / (double) frames), "")));
        rows.add(row("largest record (topic)", o.records.stream().max(Comparator.comparingInt(RecordSizes.TopicRecords::largest))
                .map(r -> String.format(Locale.ROOT, "%,d B on %s (limit %,d B)", r.largest(), r.topic(), r.limit())).orElse("-"), ""));
        rows.add(row("CPU during the steady window", String.format(Locale.ROOT,
                "machine %.2f of %d cores: task-service %.2f, broker %.2f, this JVM (agents) %.2f, the rest (PostgreSQL, other services) %.2f",
                o.machineCores, Runtime.getRuntime().availableProcessors(), o.taskServiceCores, o.brokerCores, o.selfCores,
                o.machineCores - o.taskServiceCores - o.brokerCores - o.selfCores), ""));
        rows.add(row("jobs delivered more than once / frames released again / agent errors", o.redelivered + " / "
                + o.framesReleasedAgain + " / " + o.agentErrors, "0 / 0 / 0"));
        rows.add(row("task-service's group behind, most seen", String.format(Locale.ROOT, "%,d heartbeats, %,d frame events",
                o.maxHeartbeatLag, o.maxFrameEventLag), ""));
        rows.add(row("simulated agents' heartbeats: latest / over 5 s late", String.format(Locale.ROOT, "%.1f s / %,d",
                o.heartbeatLateMaxSeconds, o.heartbeatsLate), "on time"));
        rows.add(row("task-service JVM", taskJvm, ""));
        rows.add(row("benchmark JVM", ownJvm + " (" + Runtime.version() + ")", ""));

        System.out.printf(Locale.ROOT, "%nDispatch: %,d simulated agents, one task of %,d frames%n%n", options.agents(), frames);
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
        if (w != null) {
            System.out.printf(Locale.ROOT, "%nGoals: >= %.0f frames/s: %s; hand-off p50 < %.0f ms: %s; p99 < %.0f ms: %s%n", GOAL_RATE,
                    w.perSecond() >= GOAL_RATE ? "met" : "not met", GOAL_P50_MILLIS,
                    o.steadyHandOffs.percentileMillis(0.5) < GOAL_P50_MILLIS ? "met" : "not met", GOAL_P99_MILLIS,
                    o.steadyHandOffs.percentileMillis(0.99) < GOAL_P99_MILLIS ? "met" : "not met");
        }
        if (o.agentErrors > 0) {
            System.out.println("Agent errors (first ones): " + o.agentErrorSamples);
        }
        if (o.problems.isEmpty()) {
            System.out.printf(Locale.ROOT, "%nEnd state: task %s COMPLETED, %,d of %,d frames SUCCEEDED (API), each completed exactly once.%n",
                    o.taskId, o.framesSucceededInApi, frames);
        } else {
            System.out.println("\nFAILED: the task did not end as it must:");
            o.problems.forEach(p -> System.out.println("  - " + p));
        }
    }

    private static String jvmFlags(long pid) {
        List<String> arguments = ProcessHandle.of(pid).flatMap(p -> p.info().arguments()).map(List::of).orElse(List.of());
        return String.join(" ", arguments.stream().filter(a -> a.startsWith("-X")).toList());
    }

    private static String[] row(String figure, String measured, String goal) {
        return new String[] {figure, measured, goal};
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
