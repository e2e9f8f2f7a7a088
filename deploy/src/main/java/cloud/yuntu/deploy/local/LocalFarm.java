package cloud.yuntu.deploy.local;

import cloud.yuntu.deploy.kafka.BrokerSettings;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.deploy.postgres.DatabaseUser;
import cloud.yuntu.deploy.postgres.PostgresServer;
import cloud.yuntu.deploy.process.FreePorts;
import cloud.yuntu.deploy.process.StaleProcesses;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The whole farm on one machine: a Kafka broker process, the local PostgreSQL, the five
 * services and render agents with the simulated renderer, local-disk storage. The README's run
 * command and the e2e tests both start the farm through this class.
 */
public final class LocalFarm implements AutoCloseable {

    public static final List<String> SCHEMAS = List.of("task", "file", "scene");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final FarmOptions options;
    private final KafkaBroker broker;
    private final Map<FarmService, ServiceProcess> services = new EnumMap<>(FarmService.class);
    private final List<ServiceProcess> agents = new ArrayList<>();
    private final Map<FarmService, Integer> ports = new EnumMap<>(FarmService.class);

    private LocalFarm(FarmOptions options, KafkaBroker broker) {
        this.options = options;
        this.broker = broker;
    }

    public static LocalFarm start(FarmOptions options) {
        int reaped = StaleProcesses.reap(options.dataDir());
        if (reaped > 0) {
            System.out.println("Ended " + reaped + " process(es) left running by an earlier farm in " + options.dataDir());
        }
        PostgresServer postgres = PostgresServer.local();
        postgres.ensureRunning();
        DatabaseUser user = DatabaseUser.localDefault();
        postgres.ensureRole(user);
        postgres.ensureDatabase(options.database(), user, SCHEMAS);

        KafkaBroker broker = KafkaBroker.start(options.dataDir().resolve("kafka"), options.fixedPorts() ? 9092 : 0,
                BrokerSettings.production());
        LocalFarm farm = new LocalFarm(options, broker);
        try {
            farm.startServices(postgres, user);
            return farm;
        } catch (RuntimeException e) {
            farm.close();
            throw e;
        }
    }

    private void startServices(PostgresServer postgres, DatabaseUser user) {
        for (FarmService service : FarmService.values()) {
            ports.put(service, options.fixedPorts() ? service.defaultPort() : FreePorts.any());
        }
        // Services first, in parallel (each waits only for its own readiness); agents need file-service.
        List<FarmService> order = List.of(FarmService.FILE, FarmService.SCENE, FarmService.TASK, FarmService.GATEWAY);
        for (FarmService service : order) {
            services.put(service, ServiceProcess.start(service.module(), options.repository(), service, ports.get(service),
                    properties(service, postgres, user), options.dataDir().resolve("logs/" + service.module() + ".log")));
        }
        for (FarmService service : order) {
            services.get(service).awaitReady(START_TIMEOUT);
        }
        for (int i = 1; i <= options.agents(); i++) {
            startAgent(i);
        }
    }

    /** Starts render agent number {@code i} (1-based); also used to bring a killed agent back. */
    public ServiceProcess startAgent(int i) {
        int port = i == 1 ? ports.get(FarmService.AGENT) : FreePorts.any();
        String id = "local-agent-" + i;
        Map<String, String> properties = new HashMap<>(properties(FarmService.AGENT, null, null));
        properties.put("yuntu.agent.id", id);
        properties.put("yuntu.agent.work-dir", options.dataDir().resolve("agents/" + id).toString());
        ServiceProcess agent = ServiceProcess.start(id, options.repository(), FarmService.AGENT, port, properties,
                options.dataDir().resolve("logs/" + id + ".log"));
        agent.awaitReady(START_TIMEOUT);
        if (agents.size() >= i) {
            agents.set(i - 1, agent);
        } else {
            agents.add(agent);
        }
        return agent;
    }

    private Map<String, String> properties(FarmService service, PostgresServer postgres, DatabaseUser user) {
        Map<String, String> p = new HashMap<>();
        p.put("kafka.bootstrap.servers", broker.bootstrapServers());
        // Names the farm on the command line, so a later launcher can tell its leftovers from other processes.
        p.put("yuntu.farm.data-dir", options.dataDir().toAbsolutePath().normalize().toString());
        if (service.usesDatabase()) {
            p.put("quarkus.datasource.username", user.name());
            p.put("quarkus.datasource.password", user.password());
            p.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(options.database()));
            p.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(options.database()));
        }
        String fileService = url(FarmService.FILE).toString();
        switch (service) {
            case FILE -> {
                p.put("yuntu.file.local.root", options.dataDir().resolve("objects").toString());
                p.put("yuntu.file.public-url", fileService);
                p.put("yuntu.file.signing-key", SigningKey.in(options.dataDir()));
            }
            case SCENE -> p.put("yuntu.scene.file-service-url", fileService);
            case TASK -> p.put("yuntu.task.file-service-url", fileService);
            case GATEWAY -> {
                p.put("yuntu.gateway.routes.tasks", url(FarmService.TASK).toString());
                p.put("yuntu.gateway.routes.files", fileService);
                p.put("yuntu.gateway.routes.scenes", url(FarmService.SCENE).toString());
            }
            case AGENT -> {
                p.put("yuntu.agent.file-service-url", fileService);
                p.put("yuntu.agent.pools", "cpu,gpu");
                p.put("yuntu.agent.slots", Integer.toString(options.agentSlots()));
            }
        }
        return p;
    }

    public URI url(FarmService service) {
        return URI.create("http://127.0.0.1:" + ports.get(service));
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
        FarmOptions options = FarmOptions.local(repository);
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
                  task-service                %s
                  file-service                %s
                  scene-service               %s
                  render agent(s)             %d with the simulated renderer, pools cpu,gpu
                  Kafka                       %s
                  PostgreSQL database         %s
                  Logs                        %s
                Ctrl-C stops everything.
                %n""",
                farm.url(FarmService.GATEWAY), farm.url(FarmService.GATEWAY).toString().replace("http", "ws"),
                farm.url(FarmService.TASK), farm.url(FarmService.FILE), farm.url(FarmService.SCENE),
                options.agents(), farm.broker.bootstrapServers(),
                PostgresServer.local().jdbcUrl(options.database()), options.dataDir().resolve("logs"));
        stopped.await();
    }
}
