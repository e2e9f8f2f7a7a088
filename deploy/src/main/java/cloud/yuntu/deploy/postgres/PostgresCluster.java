package cloud.yuntu.deploy.postgres;

import cloud.yuntu.deploy.process.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of one farm's own, made with the machine's {@code initdb} in a directory of its
 * own and listening on a free loopback port only, so that a test can stop, kill and start the database
 * under a running farm without touching the machine's server, which other builds and tests use at the
 * same time. Throwaway: it trusts connections (only this machine reaches it) and {@link #close()}
 * deletes it. Run as root, its commands run as the {@code postgres} OS user (PostgreSQL refuses root),
 * so {@code directory}'s parents must be open to that user: a directory under {@code java.io.tmpdir}.
 */
public final class PostgresCluster implements AutoCloseable {

    /** The superuser {@code initdb} makes, whose password nobody needs: connections are trusted. */
    public static final String SUPERUSER = "postgres";
    private static final String OS_USER = "postgres";
    private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");
    private static final long COMMAND_TIMEOUT_SECONDS = 90;

    private final Path directory;
    private final Path bin;
    private final int port;
    private final List<String> asOwner;
    private final Thread stopAtExit;

    private PostgresCluster(Path directory, Path bin, int port, List<String> asOwner) {
        this.directory = directory;
        this.bin = bin;
        this.port = port;
        this.asOwner = asOwner;
        // A JVM that ends without closing the cluster (a test run cut short) must not leave it running.
        this.stopAtExit = new Thread(() -> pgCtl(List.of("stop", "-m", "immediate"), true), "stop-postgres-" + port);
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /**
     * Makes a new cluster in {@code directory} and starts it. A cluster an earlier run left there (its JVM
     * was killed) is stopped and replaced, so a fixed directory per farm reaps its own leftovers.
     */
    public static PostgresCluster create(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        Path bin = binaries();
        List<String> asOwner = runningAsRoot() ? List.of("runuser", "-u", OS_USER, "--") : List.of();
        if (Files.exists(dir.resolve("data/postmaster.pid"))) {
            run(command(asOwner, bin.resolve("pg_ctl"), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
                    "stop"), "stop the cluster an earlier run left in " + dir, true);
        }
        deleteTree(dir);
        int port = FreePorts.any();
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            if (!asOwner.isEmpty()) {
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(dir, users.lookupPrincipalByName(OS_USER));
            }
            run(command(asOwner, bin.resolve("initdb"), "-D", dir.resolve("data").toString(), "--auth=trust",
                    "--username=" + SUPERUSER, "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"),
                    "make a PostgreSQL cluster in " + dir, false);
            // Settings in the file rather than on pg_ctl's command line, which it hands to a shell.
            Files.writeString(dir.resolve("data/postgresql.conf"), """

                    # A throwaway cluster of one farm (PostgresCluster): loopback only, its socket beside its data.
                    port = %d
                    listen_addresses = '127.0.0.1'
                    unix_socket_directories = '%s'
                    max_connections = 200
                    """.formatted(port, dir), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare a PostgreSQL cluster in " + dir, e);
        }
        PostgresCluster cluster = new PostgresCluster(dir, bin, port, asOwner);
        cluster.start();
        return cluster;
    }

    /** The cluster as a server the farm and its launcher use; its superuser is trusted without a password. */
    public PostgresServer server() {
        return new PostgresServer("127.0.0.1", port, SUPERUSER, Optional.empty());
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return directory;
    }

    public boolean isRunning() {
        return FreePorts.isListening("127.0.0.1", port);
    }

    /** Starts the stopped or killed cluster on the same port with the same data; returns once it takes connections. */
    public void start() {
        pgCtl(List.of("-l", directory.resolve("server.log").toString(), "-t", "60", "start"), false);
    }

    /** A clean shutdown ({@code fast}: sessions are ended, everything written), as an operator's restart does. */
    public void stop() {
        pgCtl(List.of("-m", "fast", "-t", "60", "stop"), false);
    }

    /** An immediate shutdown, as a crash: nothing is written, the next start recovers from the WAL. */
    public void kill() {
        pgCtl(List.of("-m", "immediate", "-t", "60", "stop"), false);
    }

    public void restart() {
        stop();
        start();
    }

    /** Stops the cluster at once and deletes it with its data. */
    @Override
    public void close() {
        pgCtl(List.of("-m", "immediate", "stop"), true);
        deleteTree(directory);
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // Closed from another shutdown hook: this one runs anyway and finds nothing to stop.
        }
    }

    private void pgCtl(List<String> arguments, boolean quietly) {
        List<String> pgCtl = new ArrayList<>(List.of("-D", directory.resolve("data").toString(), "-w"));
        pgCtl.addAll(arguments);
        run(command(asOwner, bin.resolve("pg_ctl"), pgCtl.toArray(String[]::new)),
                "pg_ctl " + String.join(" ", arguments) + " (log: " + directory.resolve("server.log") + ")", quietly);
    }

    private static List<String> command(List<String> asOwner, Path program, String... arguments) {
        List<String> command = new ArrayList<>(asOwner);
        command.add(program.toString());
        command.addAll(List.of(arguments));
        return command;
    }

    /** The newest installation's programs (Debian's layout, what {@code apt-get install postgresql} makes). */
    private static Path binaries() {
        if (Files.isDirectory(INSTALLATIONS)) {
            try (Stream<Path> versions = Files.list(INSTALLATIONS)) {
                Optional<Path> newest = versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "initdb"))) {
                return Path.of(entry);
            }
        }
        throw new IllegalStateException("No PostgreSQL server programs (initdb, pg_ctl) under " + INSTALLATIONS
                + " or on the PATH: install them (Debian/Ubuntu: apt-get install postgresql)");
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> command, String purpose, boolean quietly) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                if (!quietly) {
                    throw new IllegalStateException("Could not " + purpose + " within " + COMMAND_TIMEOUT_SECONDS + " s: " + out);
                }
            } else if (p.exitValue() != 0 && !quietly) {
                throw new IllegalStateException("Could not " + purpose + " (" + String.join(" ", command) + "): " + out);
            }
        } catch (IOException e) {
            if (!quietly) {
                throw new IllegalStateException("Could not " + purpose + ": " + e.getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + purpose, e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }
}
