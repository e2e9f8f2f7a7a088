package cloud.yuntu.testsupport;

import cloud.yuntu.deploy.local.LocalFarm;
import cloud.yuntu.deploy.postgres.DatabaseUser;
import cloud.yuntu.deploy.postgres.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh PostgreSQL database for a test JVM on the machine's server (started if it is down),
 * with the services' schemas created; each service's Liquibase migrates it at start. Dropped
 * when the JVM ends, so test runs never see each other's rows.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static TestDatabase database;

    public static synchronized TestDatabase database() {
        if (database == null) {
            PostgresServer server = PostgresServer.local();
            server.ensureRunning();
            DatabaseUser user = DatabaseUser.localDefault();
            server.ensureRole(user);
            String name = "yuntu_test_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMddHHmmss"))
                    + "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
            server.ensureDatabase(name, user, LocalFarm.SCHEMAS);
            database = new TestDatabase(name, server.jdbcUrl(name), server.reactiveUrl(name), user.name(), user.password());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.dropDatabase(name), "drop-" + name));
        }
        return database;
    }

    @Override
    public Map<String, String> start() {
        TestDatabase db = database();
        return Map.of(
                "quarkus.datasource.username", db.username(),
                "quarkus.datasource.password", db.password(),
                "quarkus.datasource.jdbc.url", db.jdbcUrl(),
                "quarkus.datasource.reactive.url", db.reactiveUrl());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(database(),
                new TestInjector.AnnotatedAndMatchesType(InjectDatabase.class, TestDatabase.class));
    }

    @Override
    public void stop() {
        // Shared by every application of this JVM; dropped when the JVM ends.
    }
}
