package cloud.yuntu.e2e;

import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.local.LocalFarm;
import cloud.yuntu.e2e.dispatchload.AgentFleet;
import cloud.yuntu.contracts.Topics;
import cloud.yuntu.e2e.dispatchload.BrokerLogSizes;
import cloud.yuntu.e2e.dispatchload.ConsumerLag;
import cloud.yuntu.e2e.dispatchload.DispatchTally;
import cloud.yuntu.e2e.dispatchload.RecordSizes;
import cloud.yuntu.e2e.dispatchload.SteadyWindow;
import cloud.yuntu.e2e.bench.CpuClock;
import cloud.yuntu.e2e.bench.LatencyHistogram;
import cloud.yuntu.testsupport.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * One task of many frames rendered by many simulated agents in this JVM ({@link AgentFleet}), against the farm's
 * real task-service, broker and database: what {@code ./yuntu bench dispatch} and {@code DispatchAtScaleTest} both
 * run. It talks to task-service only as a user and an operator do (its HTTP API) and as agents do (Kafka), and
 * reads the broker's log sizes and PostgreSQL's statistics for its figures, so it measures whatever the dispatcher
 * is. The lane is a pool of its own (a tier made for the run), so agents of the farm take none of its jobs.
 */
final class DispatchLoad {

    /** The renderer of the lane: a CPU renderer every tier can run. */
    static final String RENDERER = "arnold";
    private static final List<String> FINAL = List.of("COMPLETED", "FAILED", "CANCELLED");
    private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

    /**
     * @param pool the pool (and tier name) of the run's lane
     * @param stallLimit the run fails once no frame was booked for this long
     * @param limit the run fails once it took this long
     * @param warmup frames of a task run first and not counted (0: none), so every JVM's hot code is compiled
     */
    record Setup(String pool, int agents, int slots, int frames, Duration stallLimit, Duration limit, int warmup) {
    }

    /** Everything a run saw; {@link #problems} is empty when the task ended as it must. */
    static final class Outcome {
        Setup setup;
        UUID taskId;
        int members;
        double joinSeconds;
        double runSeconds;
        long bookings;
        SteadyWindow window;
        LatencyHistogram steadyHandOffs = new LatencyHistogram();
        LatencyHistogram allHandOffs = new LatencyHistogram();
        long redelivered;
        long agentErrors;
        List<String> agentErrorSamples = List.of();
        JsonPath finalView;
        long framesSucceededInApi;
        /** Frames whose attempt is above 1: released again (taken back as lost, or not started in time). */
        long framesReleasedAgain;
        /** The most task-service's group was behind on heartbeats and on frame events at a 10-second look. */
        long maxHeartbeatLag;
        long maxFrameEventLag;
        /** The simulation's own health: how late its agents' heartbeats went out, and how many over an interval late. */
        double heartbeatLateMaxSeconds;
        long heartbeatsLate;
        Map<String, Long> brokerBytes = Map.of();
        double machineCores;
        double taskServiceCores;
        double brokerCores;
        double selfCores;
        List<RecordSizes.TopicRecords> records = List.of();
        long recordTooLargeInLogs;
        final List<String> problems = new ArrayList<>();
        /** Filled by the caller's own readings before and after (database, service metrics). */
        final Map<String, Object> extra = new HashMap<>();
    }

    /** A reading taken by the caller just before the task is submitted and just after it ended. */
    interface Reading {
        /** No reading of its own. */
        Reading NONE = new Reading() {
            @Override
            public void before() {
            }

            @Override
            public void after() {
            }
        };

        void before() throws Exception;

        void after() throws Exception;
    }

    private DispatchLoad() {
    }

    static Outcome run(LocalFarm farm, TestTokens tokens, Setup setup, Reading reading, PrintStream out) throws Exception {
        Outcome outcome = new Outcome();
        outcome.setup = setup;
        String taskService = farm.url(FarmService.TASK).toString();
        String fileService = farm.url(FarmService.FILE).toString();
        String token = tokens.user("dispatch-load");
        TaskApi tasks = new TaskApi(taskService, token);
        makeTier(new TaskApi(taskService, tokens.admin("dispatch-operator")), setup.pool());

        DispatchTally tally = new DispatchTally();
        String bootstrap = farm.broker().bootstrapServers();
        try (AgentFleet fleet = new AgentFleet(bootstrap, setup.pool(), RENDERER, setup.agents(), setup.slots(), tally);
                Admin admin = farm.broker().admin()) {
            out.printf(Locale.ROOT, "starting %,d simulated agents of %d slot(s) on lane %s ...%n", setup.agents(),
                    setup.slots(), fleet.lane());
            long joining = System.nanoTime();
            outcome.members = fleet.start(Duration.ofSeconds(Math.max(60, setup.agents() / 5)));
            outcome.joinSeconds = (System.nanoTime() - joining) / 1e9;
            out.printf(Locale.ROOT, "%,d of %,d agents are members of share group %s after %.1f s; this JVM has %d threads%n",
                    outcome.members, setup.agents(), fleet.group(), outcome.joinSeconds, Thread.activeCount());
            if (outcome.members < setup.agents()) {
                outcome.problems.add(outcome.members + " of " + setup.agents() + " agents joined the lane's share group");
            }

            String sceneKey = new TaskApi(fileService, token).upload(Scenes.CORPUS.resolve(Scenes.BASE)).getString("key");
            if (setup.warmup() > 0) {
                warmUp(tasks, tally, setup, sceneKey, out);
            }
            Map<String, Long> bytesBefore = BrokerLogSizes.read(admin);
            reading.before();
            long taskServicePid = farm.service(FarmService.TASK).process().pid();
            long brokerPid = farm.broker().pid();
            long self = ProcessHandle.current().pid();
            List<double[]> cpu = new ArrayList<>();

            long submitted = System.nanoTime();
            outcome.taskId = tasks.submit(Map.of("sceneKey", sceneKey, "frames", "1-" + setup.frames(), "tier", setup.pool(),
                    "renderer", RENDERER, "resolution", Map.of("width", 640, "height", 360)));
            out.printf(Locale.ROOT, "task %s of %,d frames submitted (no test frames)%n", outcome.taskId, setup.frames());
            JsonPath view = watch(outcome, tasks, tally, setup, submitted, out, admin,
                    () -> cpu.add(new double[] {System.nanoTime(), CpuClock.machineBusySeconds(),
                            CpuClock.processSeconds(taskServicePid), brokerPid < 0 ? 0 : CpuClock.processSeconds(brokerPid),
                            CpuClock.processSeconds(self)}));
            outcome.runSeconds = (System.nanoTime() - submitted) / 1e9;
            // PostgreSQL's backends report their counts when idle, at most once a second.
            Thread.sleep(2_000);
            reading.after();
            outcome.brokerBytes = BrokerLogSizes.growth(bytesBefore, BrokerLogSizes.read(admin));
            figures(outcome, tally, cpu);
            outcome.finalView = view;
            check(outcome, tasks, tally, view, setup.frames());
            out.println("reading every topic back for its largest record ...");
            outcome.records = RecordSizes.read(admin, bootstrap);
            outcome.recordTooLargeInLogs = recordTooLargeInLogs(farm);
            outcome.records.stream().filter(r -> !r.fits()).forEach(r -> outcome.problems.add("topic " + r.topic()
                    + " holds a record of " + r.largest() + " bytes, over its limit of " + r.limit()));
            if (outcome.recordTooLargeInLogs > 0) {
                outcome.problems.add(outcome.recordTooLargeInLogs + " RecordTooLarge line(s) in the farm's logs");
            }
        }
        outcome.heartbeatLateMaxSeconds = tally.heartbeatLateMax() / 1e9;
        outcome.heartbeatsLate = tally.heartbeatsLate();
        outcome.redelivered = tally.redelivered();
        outcome.agentErrors = tally.errorCount();
        outcome.agentErrorSamples = tally.errors();
        return outcome;
    }

    /**
     * A task of {@code setup.warmup()} frames through the same agents, waited for and then forgotten by the tally: the
     * measured task meets JVMs that compiled their hot code, as on a farm that has been running.
     */
    private static void warmUp(TaskApi tasks, DispatchTally tally, Setup setup, String sceneKey, PrintStream out)
            throws Exception {
        long started = System.nanoTime();
        UUID warmup = tasks.submit(Map.of("sceneKey", sceneKey, "frames", "1-" + setup.warmup(), "tier", setup.pool(),
                "renderer", RENDERER, "resolution", Map.of("width", 640, "height", 360)));
        out.printf(Locale.ROOT, "warm-up task %s of %,d frames submitted; not counted%n", warmup, setup.warmup());
        String status;
        do {
            Thread.sleep(1_000);
            status = tasks.task(warmup).getString("status");
            if (System.nanoTime() - started > setup.limit().toNanos()) {
                throw new IllegalStateException("the warm-up task did not end within " + setup.limit() + "; " + status);
            }
        } while (!FINAL.contains(status));
        if (!"COMPLETED".equals(status)) {
            throw new IllegalStateException("the warm-up task ended " + status + ", not COMPLETED");
        }
        // The agents' last completions are tallied just after their confirmed sends, which the task's end follows.
        Thread.sleep(1_000);
        tally.restart();
        out.printf(Locale.ROOT, "warm-up task COMPLETED in %.1f s; counting starts now%n", (System.nanoTime() - started) / 1e9);
    }

    /** A tier whose pool is the run's own lane, so no agent of the farm serves it. */
    private static void makeTier(TaskApi operator, String pool) {
        Response made = operator.request().contentType(ContentType.JSON)
                .body(Map.of("cores", 8, "ramGb", 16, "pricePerHour", 0.5, "currency", "CNY", "pool", pool))
                .put("/api/tiers/" + pool);
        if (made.statusCode() != 200 && made.statusCode() != 201) {
            throw new IllegalStateException("PUT /api/tiers/" + pool + " answered " + made.statusCode() + ": " + made.asString());
        }
    }

    interface Sample {
        void take() throws Exception;
    }

    /** Prints a line every 10 s until the task is final; fails on a stall or past the limit. */
    private static JsonPath watch(Outcome outcome, TaskApi tasks, DispatchTally tally, Setup setup, long submitted,
            PrintStream out, Admin admin, Sample sample) throws Exception {
        UUID taskId = outcome.taskId;
        long lastBooked = 0;
        long lastChange = System.nanoTime();
        long lastReport = System.nanoTime();
        long bookedAtReport = 0;
        while (true) {
            Thread.sleep(1_000);
            sample.take();
            long now = System.nanoTime();
            long booked = tally.booked();
            if (booked != lastBooked) {
                lastBooked = booked;
                lastChange = now;
            }
            JsonPath view = tasks.task(taskId);
            String status = view.getString("status");
            if (FINAL.contains(status)) {
                out.printf(Locale.ROOT, "  %5.0f s: task %s%s, %,d frames booked%n", (now - submitted) / 1e9, status,
                        view.getString("failureReason") == null ? "" : " (" + view.getString("failureReason") + ")", booked);
                return view;
            }
            if (now - lastReport >= REPORT_EVERY.toNanos()) {
                LatencyHistogram window = tally.takeWindow();
                Map<String, Long> lag = ConsumerLag.of(admin, "task-service");
                outcome.maxHeartbeatLag = Math.max(outcome.maxHeartbeatLag, lag.getOrDefault(Topics.AGENT_HEARTBEATS, 0L));
                outcome.maxFrameEventLag = Math.max(outcome.maxFrameEventLag, lag.getOrDefault(Topics.FRAME_EVENTS, 0L));
                out.printf(Locale.ROOT, "  %5.0f s: %,d booked (%.0f/s over the last %d s), hand-off p50 %.0f / p99 %.0f / max %.0f ms;"
                                + " task %s %s/%s done; task-service behind by %,d heartbeats, %,d frame events%n",
                        (now - submitted) / 1e9, booked, (booked - bookedAtReport) / ((now - lastReport) / 1e9),
                        Math.round((now - lastReport) / 1e9), window.percentileMillis(0.5), window.percentileMillis(0.99),
                        window.maxMillis(), status, view.getString("progress.framesDone"), view.getString("progress.framesTotal"),
                        lag.getOrDefault(Topics.AGENT_HEARTBEATS, 0L), lag.getOrDefault(Topics.FRAME_EVENTS, 0L));
                lastReport = now;
                bookedAtReport = booked;
            }
            if (now - lastChange > setup.stallLimit().toNanos()) {
                throw new IllegalStateException("no frame booked for " + setup.stallLimit() + " (" + booked + " of "
                        + setup.frames() + "); task " + status + ": " + view.prettify());
            }
            if (now - submitted > setup.limit().toNanos()) {
                throw new IllegalStateException("the task did not end within " + setup.limit() + " (" + booked + " of "
                        + setup.frames() + " booked); task " + status);
            }
        }
    }

    private static void figures(Outcome outcome, DispatchTally tally, List<double[]> cpu) {
        List<DispatchTally.Booking> bookings = tally.bookings();
        outcome.bookings = bookings.size();
        if (bookings.size() < 2) {
            return;
        }
        outcome.window = SteadyWindow.of(bookings.stream().map(DispatchTally.Booking::at).toList());
        for (DispatchTally.Booking b : bookings) {
            if (b.handOffNanos() >= 0) {
                outcome.allHandOffs.record(b.handOffNanos() / 1000);
                if (outcome.window.contains(b.at())) {
                    outcome.steadyHandOffs.record(b.handOffNanos() / 1000);
                }
            }
        }
        // CPU over the samples that lie within the steady window (one a second).
        double[] first = null;
        double[] last = null;
        for (double[] s : cpu) {
            if (s[0] >= outcome.window.start() && s[0] <= outcome.window.end()) {
                if (first == null) {
                    first = s;
                }
                last = s;
            }
        }
        if (first != null && last != first) {
            double seconds = (last[0] - first[0]) / 1e9;
            outcome.machineCores = (last[1] - first[1]) / seconds;
            outcome.taskServiceCores = (last[2] - first[2]) / seconds;
            outcome.brokerCores = (last[3] - first[3]) / seconds;
            outcome.selfCores = (last[4] - first[4]) / seconds;
        }
    }

    /**
     * COMPLETED, counts exact in the view, every frame SUCCEEDED in the API, each reported completed by exactly one
     * agent exactly once.
     */
    private static void check(Outcome outcome, TaskApi tasks, DispatchTally tally, JsonPath view, int frames) {
        List<String> problems = outcome.problems;
        if (!"COMPLETED".equals(view.getString("status"))) {
            problems.add("task " + view.getString("status") + ", not COMPLETED: " + view.getString("failureReason"));
        }
        expect(problems, "progress.framesDone", number(view, "progress.framesDone"), frames);
        expect(problems, "progress.framesTotal", number(view, "progress.framesTotal"), frames);
        expect(problems, "progress.framesFailed", number(view, "progress.framesFailed"), 0);
        expect(problems, "layers[0].framesTotal", number(view, "layers[0].framesTotal"), frames);
        if (view.getList("deadFrames") != null && !view.getList("deadFrames").isEmpty()) {
            problems.add("dead frames: " + view.getList("deadFrames"));
        }
        JsonPath succeeded = tasks.request().queryParam("status", "SUCCEEDED").queryParam("size", 1)
                .get("/api/tasks/" + outcome.taskId + "/frames").then().statusCode(200).extract().jsonPath();
        outcome.framesSucceededInApi = succeeded.getLong("total");
        expect(problems, "frames?status=SUCCEEDED total", outcome.framesSucceededInApi, frames);

        Map<UUID, Integer> completions = tally.completions();
        Set<Integer> numbers = new HashSet<>();
        long notSucceeded = 0;
        long notOnce = 0;
        long seen = 0;
        for (int page = 0; ; page++) {
            List<Map<String, Object>> items = tasks.framesPage(outcome.taskId, page, 1000).getList("items");
            if (items.isEmpty()) {
                break;
            }
            for (Map<String, Object> frame : items) {
                seen++;
                numbers.add((Integer) frame.get("number"));
                if (!"SUCCEEDED".equals(frame.get("status"))) {
                    notSucceeded++;
                }
                if (frame.get("attempt") instanceof Number attempt && attempt.intValue() > 1) {
                    outcome.framesReleasedAgain++;
                }
                if (completions.getOrDefault(UUID.fromString((String) frame.get("id")), 0) != 1) {
                    notOnce++;
                }
            }
        }
        expect(problems, "frames listed", seen, frames);
        expect(problems, "distinct frame numbers", numbers.size(), frames);
        expect(problems, "frames not SUCCEEDED", notSucceeded, 0);
        expect(problems, "frames the agents did not complete exactly once", notOnce, 0);
        expect(problems, "frames the agents completed", completions.size(), frames);
    }

    /** A count of the view, -1 when it has none (a task that failed before its layers were planned). */
    private static long number(JsonPath view, String path) {
        Object value = view.get(path);
        return value instanceof Number n ? n.longValue() : -1;
    }

    private static void expect(List<String> problems, String what, long actual, long expected) {
        if (actual != expected) {
            problems.add(what + " is " + actual + ", expected " + expected);
        }
    }

    /** Lines naming RecordTooLarge in the logs of the farm's services: a produce the broker or a producer refused. */
    private static long recordTooLargeInLogs(LocalFarm farm) throws IOException {
        Path logs = farm.service(FarmService.TASK).process().logFile().getParent();
        long lines = 0;
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.toList()) {
                try (Stream<String> text = Files.lines(log)) {
                    lines += text.filter(l -> l.contains("RecordTooLarge")).count();
                }
            }
        }
        return lines;
    }
}
