package cloud.yuntu.deploy.local;

import cloud.yuntu.deploy.postgres.DatabaseUser;
import cloud.yuntu.deploy.postgres.PostgresServer;
import cloud.yuntu.deploy.process.ChildProcess;
import cloud.yuntu.deploy.process.FreePorts;
import cloud.yuntu.deploy.secrets.FarmSecrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

/**
 * {@code ./yuntu agent [--id ID] [--slots M]}: one more render node joins the farm {@code ./yuntu run}
 * runs on this machine, the way a studio adds a workstation overnight, and leaves it on Ctrl-C (its
 * frames in flight go back to the queue). It uses the running farm's documented ports and secrets, so
 * nothing else needs saying; without {@code --id} it takes the first free name {@code workstation-N}.
 */
public final class JoinAgent {

    /** What task-service accepts as a client id, and what a topic-free log file name can hold. */
    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private JoinAgent() {
    }

    /**
     * What the command line asks for.
     *
     * @param id the agent's name, empty for the first free {@code workstation-N}
     */
    record Request(Optional<String> id, int slots) {

        static Request parse(List<String> args) {
            Optional<String> id = Optional.empty();
            int slots = FarmOptions.DEFAULT_SLOTS;
            for (int i = 0; i < args.size(); i++) {
                String option = args.get(i);
                switch (option) {
                    case "--slots" -> slots = FarmOptions.count(option, args, ++i);
                    case "--id" -> {
                        if (++i >= args.size()) {
                            throw new IllegalArgumentException("--id needs a name");
                        }
                        String name = args.get(i);
                        if (!AGENT_ID.matcher(name).matches()) {
                            throw new IllegalArgumentException("--id '" + name
                                    + "' must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
                        }
                        id = Optional.of(name);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + option + " (expected --id ID, --slots M)");
                }
            }
            if (slots < 1 || slots > FarmOptions.MAX_SLOTS) {
                throw new IllegalArgumentException("--slots must be between 1 and " + FarmOptions.MAX_SLOTS + ", was " + slots);
            }
            return new Request(id, slots);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Path repository = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Request request;
        try {
            request = Request.parse(List.of(args).subList(Math.min(1, args.length), args.length));
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        FarmOptions options = new FarmOptions(repository, FarmOptions.local(repository).dataDir(), "yuntu", true,
                1, request.slots());
        if (!Files.isDirectory(options.dataDir().resolve(LocalFarm.SECRETS)) || !ready(FarmService.TASK)
                || !ready(FarmService.FILE)) {
            fail("no local farm is running here (task-service and file-service do not answer on their ports "
                    + FarmService.TASK.defaultPort() + " and " + FarmService.FILE.defaultPort() + "): start ./yuntu run first");
            return;
        }
        String id = request.id().orElseGet(() -> firstFreeName(options));
        if (running(options, id)) {
            fail("an agent named " + id + " already runs on this farm: choose another --id");
            return;
        }
        FarmSettings settings = new FarmSettings(options, LocalFarm.secretsOf(options.dataDir()), "127.0.0.1:9092",
                JoinAgent::url, PostgresServer.local(), DatabaseUser.localDefault());
        System.out.println("Starting render agent " + id + " with " + request.slots() + " slot(s) ...");
        ServiceProcess agent = LocalFarm.launchAgent(options, settings, id, FreePorts.any());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping render agent " + id + " (its frames in flight go back to the queue) ...");
            agent.close();
            stopped.countDown();
        }, "stop-agent"));
        System.out.println("Render agent " + id + " has joined the farm; its log: " + LocalFarm.agentLog(options, id)
                + "\nCtrl-C takes it out again.");
        stopped.await();
    }

    /** {@code workstation-1}, or the next number whose agent is not running. */
    static String firstFreeName(FarmOptions options) {
        for (int n = 1; ; n++) {
            String id = "workstation-" + n;
            if (!running(options, id)) {
                return id;
            }
        }
    }

    /** An agent of this name runs when the pid its launcher left is alive and names the agent. */
    static boolean running(FarmOptions options, String id) {
        Path pidFile = ChildProcess.pidFile(LocalFarm.agentLog(options, id));
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            String marker = "-Dyuntu.agent.id=" + id;
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .flatMap(p -> p.info().commandLine()).map(c -> c.contains(marker + " ")).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static URI url(FarmService service) {
        return URI.create("http://127.0.0.1:" + service.defaultPort());
    }

    private static boolean ready(FarmService service) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(url(service).resolve("/q/health/ready"))
                    .timeout(PROBE_TIMEOUT).build(), HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void fail(String message) {
        System.err.println("yuntu agent: " + message);
        System.exit(2);
    }
}
