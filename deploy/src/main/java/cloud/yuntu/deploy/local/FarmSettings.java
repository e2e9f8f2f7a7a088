package cloud.yuntu.deploy.local;

import cloud.yuntu.deploy.postgres.DatabaseUser;
import cloud.yuntu.deploy.postgres.PostgresServer;
import cloud.yuntu.deploy.secrets.FarmSecrets;
import java.net.URI;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What each process of a local farm is told: plain settings as system properties, every secret as
 * an environment variable (a command line is visible to every user in {@code ps}, an environment
 * only to its owner), key pairs as file locations. Only the gateway listens beyond loopback.
 */
final class FarmSettings {

    /** The farm is its own token issuer; services accept only tokens naming it. */
    static final String ISSUER = "https://yuntu.local";
    static final String LOOPBACK = "127.0.0.1";

    private final FarmOptions options;
    private final FarmSecrets secrets;
    private final String kafka;
    private final Function<FarmService, URI> urls;
    private final PostgresServer postgres;
    private final DatabaseUser user;

    FarmSettings(FarmOptions options, FarmSecrets secrets, String kafka, Function<FarmService, URI> urls,
            PostgresServer postgres, DatabaseUser user) {
        this.options = options;
        this.secrets = secrets;
        this.kafka = kafka;
        this.urls = urls;
        this.postgres = postgres;
        this.user = user;
    }

    /** @param properties no secret in here: they end up on a command line */
    record ServiceSettings(Map<String, String> properties, Map<String, String> environment) {
    }

    /** The settings of {@code service}; an agent's id, work directory and client id are added by the caller. */
    ServiceSettings of(FarmService service) {
        Map<String, String> p = new HashMap<>();
        Map<String, String> env = new HashMap<>();
        p.put("kafka.bootstrap.servers", kafka);
        // Names the farm on the command line, so a later launcher can tell its leftovers from other processes.
        p.put("yuntu.farm.data-dir", options.dataDir().toAbsolutePath().normalize().toString());
        // Only the gateway is reachable from other machines; everything behind it listens on loopback.
        p.put("quarkus.http.host", service == FarmService.GATEWAY ? "0.0.0.0" : LOOPBACK);
        p.put("mp.jwt.verify.publickey.location", secrets.tokenKeys().publicKey().toString());
        p.put("mp.jwt.verify.issuer", ISSUER);
        if (service.usesDatabase()) {
            p.put("quarkus.datasource.username", user.name());
            env.put("QUARKUS_DATASOURCE_PASSWORD", user.password());
            p.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(options.database()));
            p.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(options.database()));
        }
        String fileService = urls.apply(FarmService.FILE).toString();
        String tokenUrl = urls.apply(FarmService.TASK).resolve("/api/auth/token").toString();
        switch (service) {
            case FILE -> {
                p.put("yuntu.file.local.root", options.dataDir().resolve("objects").toString());
                // Presigned URLs lead through the gateway: file-service itself is not reachable from outside.
                p.put("yuntu.file.public-url", urls.apply(FarmService.GATEWAY).toString());
                env.put("YUNTU_FILE_SIGNING_KEY", secrets.urlSigningKey());
                env.put("YUNTU_IDENTITY_JOB_GRANT_SECRET", secrets.jobGrantSecret());
            }
            case SCENE -> {
                p.put("quarkus.rest-client.file-service.url", fileService);
                // Analyses requested over Kafka run on scene-service's own credential.
                p.put("yuntu.credentials.token-url", tokenUrl);
                p.put("yuntu.credentials.client-id", "scene-service");
                env.put("YUNTU_CREDENTIALS_CLIENT_SECRET", secrets.serviceSecret());
            }
            case TASK -> {
                p.put("quarkus.rest-client.file-service.url", fileService);
                p.put("smallrye.jwt.sign.key.location", secrets.tokenKeys().privateKey().toString());
                p.put("smallrye.jwt.new-token.issuer", ISSUER);
                env.put("YUNTU_IDENTITY_BOOTSTRAP_ADMIN_PASSWORD", secrets.adminPassword());
                env.put("YUNTU_IDENTITY_AGENT_SECRET", secrets.agentSecret());
                env.put("YUNTU_IDENTITY_SERVICE_SECRET", secrets.serviceSecret());
                env.put("YUNTU_IDENTITY_JOB_GRANT_SECRET", secrets.jobGrantSecret());
            }
            case GATEWAY -> {
                p.put("yuntu.gateway.routes.tasks", urls.apply(FarmService.TASK).toString());
                p.put("yuntu.gateway.routes.files", fileService);
                p.put("yuntu.gateway.routes.scenes", urls.apply(FarmService.SCENE).toString());
                // Health and metrics for the operator on this machine only, never on the public port.
                p.put("quarkus.management.host", LOOPBACK);
            }
            case AGENT -> {
                p.put("quarkus.rest-client.file-service.url", fileService);
                // The tiers, whose GPU needs decide which of its pools an agent serves.
                p.put("quarkus.rest-client.task-service.url", urls.apply(FarmService.TASK).toString());
                // An agent signs in as itself (client id = its id, set by the caller) with the farm's agent secret.
                p.put("yuntu.credentials.token-url", tokenUrl);
                env.put("YUNTU_CREDENTIALS_CLIENT_SECRET", secrets.agentSecret());
                // Every local agent serves every tier's pool and stands in for every Maya renderer with the
                // simulated one (Maya's real command line, simulated executable), reporting the high tier's
                // GPU model, so any analysed scene renders on this machine. An agent with GPUs has one slot
                // per GPU (yuntu.agent.gpu.per-slot), so it declares one GPU per slot asked for.
                p.put("yuntu.agent.pools", "basic,standard,high");
                p.put("yuntu.agent.maya.simulate", "true");
                p.put("yuntu.agent.gpus", String.join(",", Collections.nCopies(options.agentSlots(), "NVIDIA RTX A6000:48GiB")));
                p.put("yuntu.agent.slots", Integer.toString(options.agentSlots()));
                // The delivery the broker archives a released job after: the agent hands a job it cannot run on it
                // back to task-service instead (./yuntu agent joins a farm this launcher started, same broker).
                p.put("yuntu.agent.share-group.delivery-count-limit", Integer.toString(LocalFarm.BROKER.deliveryCountLimit()));
            }
        }
        return new ServiceSettings(p, env);
    }
}
