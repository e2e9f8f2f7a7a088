package cloud.yuntu.e2e;

import cloud.yuntu.deploy.local.FarmOptions;
import cloud.yuntu.deploy.local.LocalFarm;
import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.postgres.PostgresCluster;
import cloud.yuntu.deploy.process.StaleProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One farm for the whole e2e run, injected as a {@link LocalFarm} parameter: the packaged
 * services as separate processes, a broker process and a PostgreSQL cluster of its own (a
 * {@link PostgresCluster} parameter, which the fault tests stop and start under the farm without
 * touching the machine's server other builds use), started by the same launcher as
 * {@code ./yuntu run} but on free ports. It lives in JUnit's root store, so it is stopped (and its
 * cluster deleted) when the run ends, inside the test JVM's normal life.
 */
final class FarmUnderTest implements ParameterResolver {

    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    /** Fixed, so a farm left behind by a run that was killed is reaped by the next one, then cleared. */
    static final Path DATA_DIR = Path.of("target/e2e-farm").toAbsolutePath();
    /**
     * The cluster's directory: under the temporary directory, which the postgres OS user can reach when
     * the tests run as root (a checkout under /root it could not), named after the data directory so the
     * next run of this checkout replaces a cluster a killed run left behind.
     */
    static final Path POSTGRES_DIR = Path.of(System.getProperty("java.io.tmpdir"),
            "yuntu-e2e-postgres-" + Integer.toHexString(DATA_DIR.toString().hashCode()));

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalFarm.class || type == PostgresCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RunningFarm running = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(RunningFarm.class, key -> RunningFarm.start(), RunningFarm.class);
        return parameter.getParameter().getType() == PostgresCluster.class ? running.postgres() : running.farm();
    }

    private record RunningFarm(LocalFarm farm, PostgresCluster postgres) implements AutoCloseable {

        static RunningFarm start() {
            // Each run gets a fresh database, so it gets a fresh broker and store as well: topics,
            // share-group state and objects of an earlier run must not leak into this one.
            StaleProcesses.reap(DATA_DIR);
            deleteTree(DATA_DIR);
            String database = "yuntu_e2e_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24), 36);
            PostgresCluster postgres = PostgresCluster.create(POSTGRES_DIR);
            try {
                return new RunningFarm(LocalFarm.start(new FarmOptions(REPOSITORY, DATA_DIR, database, false, 2, 2),
                        EnumSet.allOf(FarmService.class), postgres.server()), postgres);
            } catch (RuntimeException e) {
                postgres.close();
                throw e;
            }
        }

        private static void deleteTree(Path root) {
            if (!Files.exists(root)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot clear " + root + " of an earlier run", e);
            }
        }

        @Override
        public void close() {
            farm.close();
            postgres.close();
        }
    }
}
