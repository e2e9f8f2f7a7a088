package cloud.yuntu.e2e;

import cloud.yuntu.deploy.local.FarmOptions;
import cloud.yuntu.deploy.local.LocalFarm;
import cloud.yuntu.deploy.postgres.PostgresServer;
import cloud.yuntu.deploy.process.StaleProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One farm for the whole e2e run, injected as a {@link LocalFarm} parameter: the packaged
 * services as separate processes, a broker process and a database of its own, started by the
 * same launcher as {@code ./yuntu run} but on free ports. It lives in JUnit's root store, so it
 * is stopped (and its database dropped) when the run ends, inside the test JVM's normal life.
 */
final class FarmUnderTest implements ParameterResolver {

    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    /** Fixed, so a farm left behind by a run that was killed is reaped by the next one, then cleared. */
    static final Path DATA_DIR = Path.of("target/e2e-farm").toAbsolutePath();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalFarm.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(RunningFarm.class, key -> RunningFarm.start(), RunningFarm.class)
                .farm();
    }

    private record RunningFarm(LocalFarm farm, String database) implements AutoCloseable {

        static RunningFarm start() {
            // Each run gets a fresh database, so it gets a fresh broker and store as well: topics,
            // share-group state and objects of an earlier run must not leak into this one.
            StaleProcesses.reap(DATA_DIR);
            deleteTree(DATA_DIR);
            String database = "yuntu_e2e_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24), 36);
            return new RunningFarm(LocalFarm.start(new FarmOptions(REPOSITORY, DATA_DIR, database, false, 2, 2)), database);
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
            PostgresServer.local().dropDatabase(database);
        }
    }
}
