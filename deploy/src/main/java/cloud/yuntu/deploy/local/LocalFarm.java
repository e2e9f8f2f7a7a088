package cloud.yuntu.deploy.local;

import cloud.yuntu.deploy.kafka.BrokerSettings;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.deploy.postgres.DatabaseUser;
import cloud.yuntu.deploy.postgres.PostgresServer;
import cloud.yuntu.deploy.process.FreePorts;
import cloud.yuntu.deploy.process.StaleProcesses;
import cloud.yuntu.deploy.local.FarmSettings.ServiceSettings;
import cloud.yuntu.deploy.secrets.FarmSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The whole farm on one machine: a Kafka broker process, the local PostgreSQL, the five
 * services and render agents with the simulated renderer, local-disk storage. The README's run
 * command and the e2e tests both start the farm through this class.
 */
public final class LocalFarm implements AutoCloseable {

    public static final List<String> SCHEMAS = List.of("task", "file", "scene", "gateway");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** The issuer the farm names in its tokens and accepts in tokens, as {@code mp.jwt.verify.issuer}. */
    public static final String ISSUER = FarmSettings.ISSUER;
    /**
     * The share-group limits of the farm's broker; its agents are told its delivery count limit, so that a job one of
     * them cannot run on its last delivery is handed back to task-service instead of archived by a release.
     */
    static final BrokerSettings BROKER = BrokerSettings.production();
    /** Where in the data directory the farm keeps its secrets. */
    static final String SECRETS = "secrets";
    private static final int GATEWAY_MANAGEMENT_PORT = 9000;

    private final FarmOptions options;
    /** The services this farm runs; the others have a port but nothing listens there. */
    private final Set<FarmService> running;
    /** Settings of some services besides the farm's own ({@link #start(FarmOptions, Set, Map)}). */
    private final Map<FarmService, Map<String, String>> overrides;
    private final KafkaBroker broker;
    private final Map<FarmService, ServiceProcess> services = new EnumMap<>(FarmService.class);
    private final List<ServiceProcess> agents = new ArrayList<>();
    /** Agents besides the numbered ones, with settings of their own ({@link #startAgent(String, Map)}). */
    private final List<ServiceProcess> extraAgents = new ArrayList<>();
    /** Gateways besides the first, as operators run several behind a load balancer. */
    private final List<Replica> replicas = new ArrayList<>();
    private final Map<FarmService, Integer> ports = new EnumMap<>(FarmService.class);
    private final FarmSecrets secrets;
    private final PostgresServer postgres;
    private final DatabaseUser user;
    private int gatewayManagementPort;
    private FarmTokens tokens;

    private LocalFarm(FarmOptions options, Set<FarmService> running, Map<FarmService, Map<String, String>> overrides,
            KafkaBroker broker, FarmSecrets secrets, PostgresServer postgres, DatabaseUser user) {
        this.options = options;
        this.running = running;
        this.overrides = overrides;
        this.broker = broker;
        this.secrets = secrets;
        this.postgres = postgres;
        this.user = user;
    }

    public static LocalFarm start(FarmOptions options) {
        return start(options, EnumSet.allOf(FarmService.class));
    }

    /**
     * A farm of some of the services only, e.g. the broker and the gateway for a load test of the live
     * push that puts task events on Kafka itself. Without task-service there is no token issuer, so
     * {@link #tokens()} is null: sign tokens with {@link #secrets()}' key instead. Agents start only
     * when {@link FarmService#AGENT} is among the services.
     */
    public static LocalFarm start(FarmOptions options, Set<FarmService> services) {
        return start(options, services, Map.of(), PostgresServer.local());
    }

    /**
     * A farm of some of the services, some of them set up otherwise than {@code ./yuntu run} does: a benchmark
     * that submits a task larger than a user's quota raises {@code yuntu.task.quota.frames-per-task} of
     * task-service, say. An override is a plain setting (a system property on the service's command line, where
     * anyone may read it): never a secret. An empty value unsets a setting of the farm's.
     */
    public static LocalFarm start(FarmOptions options, Set<FarmService> services,
            Map<FarmService, Map<String, String>> overrides) {
        return start(options, services, overrides, PostgresServer.local());
    }

    /**
     * A farm on another PostgreSQL server than the machine's, e.g. a {@code PostgresCluster} of its own that
     * a test stops and starts under it (started here if nothing listens on its port).
     */
    public static LocalFarm start(FarmOptions options, Set<FarmService> services, PostgresServer postgres) {
        return start(options, services, Map.of(), postgres);
    }

    /** Some of the services, with setting overrides, on {@code postgres}. */
    public static LocalFarm start(FarmOptions options, Set<FarmService> services,
            Map<FarmService, Map<String, String>> overrides, PostgresServer postgres) {
        Set<FarmService> running = services.isEmpty() ? EnumSet.noneOf(FarmService.class) : EnumSet.copyOf(services);
        int reaped = StaleProcesses.reap(options.dataDir());
        if (reaped > 0) {
            System.out.println("Ended " + reaped + " process(es) left running by an earlier farm in " + options.dataDir());
        }
        FarmSecrets secrets = secretsOf(options.dataDir());
        postgres.ensureRunning();
        DatabaseUser user = DatabaseUser.localDefault();
        postgres.ensureRole(user);
        postgres.ensureDatabase(options.database(), user, SCHEMAS);

        KafkaBroker broker = KafkaBroker.start(options.dataDir().resolve("kafka"), options.fixedPorts() ? 9092 : 0, BROKER);
        LocalFarm farm = new LocalFarm(options, running, Map.copyOf(overrides), broker, secrets, postgres, user);
        try {
            farm.startServices();
            return farm;
        } catch (RuntimeException e) {
            farm.close();
            throw e;
        }
    }

    /**
     * The farm's secrets directory, made at the first start. A data directory of an older launcher
     * kept its URL signing key at the top: it moves in, so URLs handed out before stay valid.
     */
    static FarmSecrets secretsOf(Path dataDir) {
        Path secrets = dataDir.resolve(SECRETS);
        Path legacyKey = dataDir.resolve("signing-key");
        FarmSecrets made = FarmSecrets.in(secrets);
        try {
            if (Files.exists(legacyKey)) {
                Files.move(legacyKey, secrets.resolve("url-signing-key"), StandardCopyOption.REPLACE_EXISTING);
                made = FarmSecrets.in(secrets);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move " + legacyKey + " into " + secrets, e);
        }
        return made;
    }

    private FarmSettings settings() {
        return new FarmSettings(options, secrets, broker.bootstrapServers(), this::url, postgres, user);
    }

    /** The settings of a service of this farm, with its overrides. */
    private ServiceSettings settingsOf(FarmService service) {
        ServiceSettings settings = settings().of(service);
        if (service == FarmService.FILE && !running.contains(FarmService.GATEWAY)) {
            // Presigned URLs lead through the gateway; a farm without one (a benchmark's) hands out file-service's
            // own, which serves them itself, so scene-service can still read the scenes it analyses.
            settings.properties().put("yuntu.file.public-url", url(FarmService.FILE).toString());
        }
        overrides.getOrDefault(service, Map.of()).forEach((key, value) -> {
            if (value.isEmpty()) {
                settings.properties().remove(key);
            } else {
                settings.properties().put(key, value);
            }
        });
        return settings;
    }

    private void startServices() {
        for (FarmService service : FarmService.values()) {
            ports.put(service, options.fixedPorts() ? service.defaultPort() : FreePorts.any());
        }
        gatewayManagementPort = options.fixedPorts() ? GATEWAY_MANAGEMENT_PORT : FreePorts.any();
        // Services first, in parallel (each waits only for its own readiness); agents need file-service.
        List<FarmService> order = List.of(FarmService.FILE, FarmService.SCENE, FarmService.TASK, FarmService.GATEWAY).stream()
                .filter(running::contains).toList();
        for (FarmService service : order) {
            ServiceSettings settings = settingsOf(service);
            services.put(service, ServiceProcess.start(service.module(), options.repository(), service, ports.get(service),
                    service == FarmService.GATEWAY ? gatewayManagementPort : 0, settings.properties(), settings.environment(),
                    options.dataDir().resolve("logs/" + service.module() + ".log")));
        }
        for (FarmService service : order) {
            services.get(service).awaitReady(START_TIMEOUT);
        }
        for (int i = 1; running.contains(FarmService.AGENT) && i <= options.agents(); i++) {
            startAgent(i);
        }
        if (running.contains(FarmService.TASK) && running.contains(FarmService.GATEWAY)) {
            tokens = new FarmTokens(url(FarmService.GATEWAY), FarmSecrets.ADMIN, secrets.adminPassword());
        }
    }

    /** Starts render agent number {@code i} (1-based); also used to bring a killed agent back. */
    public ServiceProcess startAgent(int i) {
        int port = i == 1 ? ports.get(FarmService.AGENT) : FreePorts.any();
        ServiceProcess agent = launchAgent(options, settings(), "local-agent-" + i, port);
        if (agents.size() >= i) {
            agents.set(i - 1, agent);
        } else {
            agents.add(agent);
        }
        return agent;
    }

    /**
     * Starts render agent {@code id} of the farm {@code settings} describe and waits until it is ready:
     * it signs in as itself (its id is its client id, the farm's agent secret its password), and its work
     * directory and log are its own.
     */
    static ServiceProcess launchAgent(FarmOptions options, FarmSettings settings, String id, int port) {
        return launchAgent(options, settings, id, port, Map.of());
    }

    /** @param overrides settings of this agent besides the farm's, e.g. other hardware; an empty value unsets one */
    static ServiceProcess launchAgent(FarmOptions options, FarmSettings settings, String id, int port,
            Map<String, String> overrides) {
        ServiceSettings agent = settings.of(FarmService.AGENT);
        agent.properties().put("yuntu.agent.id", id);
        agent.properties().put("yuntu.agent.work-dir", options.dataDir().resolve("agents/" + id).toString());
        agent.properties().put("yuntu.credentials.client-id", id);
        overrides.forEach((key, value) -> {
            if (value.isEmpty()) {
                agent.properties().remove(key);
            } else {
                agent.properties().put(key, value);
            }
        });
        ServiceProcess process = ServiceProcess.start(id, options.repository(), FarmService.AGENT, port, 0,
                agent.properties(), agent.environment(), agentLog(options, id));
        process.awaitReady(START_TIMEOUT);
        return process;
    }

    static Path agentLog(FarmOptions options, String id) {
        return options.dataDir().resolve("logs/" + id + ".log");
    }

    /**
     * Starts one more agent, {@code id}, set up as the farm's own agents but for {@code overrides} (a node
     * with other hardware, say; an empty value unsets a setting); it stops with the farm or when closed.
     */
    public ServiceProcess startAgent(String id, Map<String, String> overrides) {
        ServiceProcess agent = launchAgent(options, settings(), id, FreePorts.any(), overrides);
        extraAgents.add(agent);
        return agent;
    }

    /**
     * Stops the service and starts it again on the same port with the same settings, as a rollout
     * or a crash and restart would; returns once it is ready again.
     */
    public ServiceProcess restart(FarmService service) {
        if (service == FarmService.AGENT) {
            throw new IllegalArgumentException("agents are restarted by number: startAgent");
        }
        services.get(service).close();
        ServiceSettings settings = settingsOf(service);
        ServiceProcess restarted = ServiceProcess.start(service.module(), options.repository(), service, ports.get(service),
                service == FarmService.GATEWAY ? gatewayManagementPort : 0, settings.properties(), settings.environment(),
                options.dataDir().resolve("logs/" + service.module() + ".log"));
        restarted.awaitReady(START_TIMEOUT);
        services.put(service, restarted);
        return restarted;
    }

    /** Starts one more gateway on a port of its own, sharing everything else with the first. */
    public ServiceProcess startGatewayReplica() {
        return startReplica(FarmService.GATEWAY);
    }

    /**
     * Starts one more replica of {@code service} on a port of its own, sharing its database, broker
     * groups and settings with the first, as a scaled-out deployment would; it stops with the farm.
     */
    public ServiceProcess startReplica(FarmService service) {
        if (service == FarmService.AGENT) {
            throw new IllegalArgumentException("agents are started by number: startAgent");
        }
        int n = (int) replicas.stream().filter(r -> r.service() == service).count() + 2;
        ServiceSettings settings = settingsOf(service);
        ServiceProcess replica = ServiceProcess.start(service.module() + "-" + n, options.repository(), service,
                FreePorts.any(), service == FarmService.GATEWAY ? FreePorts.any() : 0, settings.properties(),
                settings.environment(), options.dataDir().resolve("logs/" + service.module() + "-" + n + ".log"));
        replica.awaitReady(START_TIMEOUT);
        replicas.add(new Replica(service, replica));
        return replica;
    }

    /** The gateways started besides the first ({@link #startGatewayReplica()}), oldest first. */
    public List<ServiceProcess> gatewayReplicas() {
        return replicas.stream().filter(r -> r.service() == FarmService.GATEWAY).map(Replica::process).toList();
    }

    private record Replica(FarmService service, ServiceProcess process) {
    }

    public URI url(FarmService service) {
        return URI.create("http://127.0.0.1:" + ports.get(service));
    }

    /** The gateway's management interface: {@code /q/health/*} and {@code /q/metrics}, loopback only. */
    public URI gatewayManagementUrl() {
        return URI.create("http://127.0.0.1:" + gatewayManagementPort);
    }

    /**
     * Tokens for any account of this farm, through its gateway, as the bootstrap admin; null for a farm
     * without task-service or the gateway.
     */
    public FarmTokens tokens() {
        return tokens;
    }

    /** Where the farm keeps its secrets (tests mint tokens with its key to prove bad ones are refused). */
    public FarmSecrets secrets() {
        return secrets;
    }

    public KafkaBroker broker() {
        return broker;
    }

    public List<ServiceProcess> agents() {
        return List.copyOf(agents);
    }

    public ServiceProcess service(FarmService service) {
        return services.get(service);
    }

    /**
     * Stops the agents first so they hand their jobs back, then the services, then the broker;
     * each group in parallel, so stopping takes one grace period per group, not per process.
     */
    @Override
    public void close() {
        closeAll(agents);
        closeAll(extraAgents);
        closeAll(replicas.stream().map(Replica::process).toList());
        closeAll(new ArrayList<>(services.values()));
        broker.close();
    }

    private static void closeAll(List<ServiceProcess> processes) {
        List<Thread> stopping = processes.stream().map(p -> Thread.ofVirtual().name("stop-" + p.name()).start(p::close)).toList();
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Path repository = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        FarmOptions options;
        try {
            options = FarmOptions.local(repository, List.of(args).subList(Math.min(1, args.length), args.length));
        } catch (IllegalArgumentException e) {
            System.err.println("yuntu run: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("Starting the Yuntu farm (data in " + options.dataDir() + ") ...");
        LocalFarm farm = LocalFarm.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the farm ...");
            farm.close();
            stopped.countDown();
        }, "stop-farm"));
        System.out.printf("""

                Yuntu farm is up.
                  Web console + API gateway   %s   (WebSocket %s/ws)
                  task-service                %s   (this machine only, like every service behind the gateway)
                  file-service                %s
                  scene-service               %s
                  render agent(s)             %d of %d slots each, simulating every Maya renderer, pools basic,standard,high
                  Kafka                       %s
                  PostgreSQL database         %s
                  Logs                        %s
                  Secrets                     %s (owner-only; the admin account is "admin")

                Every API call needs a token. Get one for a user (the account is made if missing):
                  ./yuntu token alice            (add --admin for an operator)
                  curl -H "Authorization: Bearer $(./yuntu token alice)" %s/api/tasks
                or sign in: curl -d '{"username":"admin","password":"'"$(cat %s)"'"}' \\
                              -H 'Content-Type: application/json' %s/api/auth/token
                Only the gateway listens beyond this machine; health and metrics: %s/q/health
                Join one more render node from another terminal: ./yuntu agent [--slots M]
                Ctrl-C stops everything.
                %n""",
                farm.url(FarmService.GATEWAY), farm.url(FarmService.GATEWAY).toString().replace("http", "ws"),
                farm.url(FarmService.TASK), farm.url(FarmService.FILE), farm.url(FarmService.SCENE),
                options.agents(), options.agentSlots(), farm.broker.bootstrapServers(),
                farm.postgres.jdbcUrl(options.database()), options.dataDir().resolve("logs"),
                farm.secrets.directory(), farm.url(FarmService.GATEWAY),
                farm.secrets.directory().resolve("admin-password"), farm.url(FarmService.GATEWAY),
                farm.gatewayManagementUrl());
        stopped.await();
    }
}
