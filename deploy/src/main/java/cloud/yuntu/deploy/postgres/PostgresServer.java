package cloud.yuntu.deploy.postgres;

import cloud.yuntu.deploy.process.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The machine's PostgreSQL server, made ready for Yuntu without anything done by hand: started
 * when it is down, the application role and databases created. Administration goes over JDBC as
 * the superuser when local connections are trusted (or {@code YUNTU_PG_ADMIN_PASSWORD} is given),
 * else through {@code psql} as the {@code postgres} OS user over the socket (peer auth), so it works
 * whether the server trusts local connections or asks for passwords. The application role always
 * gets a password, so services connect the same way under either setting.
 */
public final class PostgresServer {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Path CLUSTERS = Path.of("/etc/postgresql");

    private final String host;
    private final int port;
    private final String adminUser;
    private final Optional<String> adminPassword;

    public PostgresServer(String host, int port) {
        this(host, port, Optional.ofNullable(System.getenv("YUNTU_PG_ADMIN_USER")).orElse("postgres"),
                Optional.ofNullable(System.getenv("YUNTU_PG_ADMIN_PASSWORD")));
    }

    /** A server whose superuser is known, e.g. a {@link PostgresCluster} of our own (trusted, no password). */
    public PostgresServer(String host, int port, String adminUser, Optional<String> adminPassword) {
        this.host = host;
        this.port = port;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    public static PostgresServer local() {
        return new PostgresServer("127.0.0.1", 5432);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The URL form of Quarkus' reactive client. */
    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /** Starts the local cluster if nothing listens on the port. */
    public void ensureRunning() {
        if (FreePorts.isListening(host, port)) {
            return;
        }
        List<String> start = startCommand().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL is not running on " + host + ":" + port + " and no local installation was found. "
                        + "Install it (Debian/Ubuntu: apt-get install postgresql) or point YUNTU_PG_* at a server."));
        run(start, "start PostgreSQL");
        for (int i = 0; i < 120 && !FreePorts.isListening(host, port); i++) {
            sleep(250);
        }
        if (!FreePorts.isListening(host, port)) {
            throw new IllegalStateException("PostgreSQL did not come up on " + host + ":" + port + " after "
                    + String.join(" ", start));
        }
    }

    /** Creates the login role, or resets its password so password auth works too. */
    public void ensureRole(DatabaseUser user) {
        String role = user.name();
        requireIdentifier(role);
        String literal = "'" + user.password().replace("'", "''") + "'";
        if (query("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'").isEmpty()) {
            execute("CREATE ROLE " + role + " LOGIN PASSWORD " + literal);
        } else {
            execute("ALTER ROLE " + role + " LOGIN PASSWORD " + literal);
        }
    }

    /** Creates the database with the given schemas, all owned by {@code owner}, unless it exists. */
    public void ensureDatabase(String database, DatabaseUser owner, List<String> schemas) {
        requireIdentifier(database);
        requireIdentifier(owner.name());
        if (query("SELECT 1 FROM pg_database WHERE datname = '" + database + "'").isEmpty()) {
            execute("CREATE DATABASE " + database + " OWNER " + owner.name());
        }
        // Each service owns a schema; Liquibase keeps its changelog table inside it, so it must exist first.
        try (Connection c = DriverManager.getConnection(jdbcUrl(database), owner.name(), owner.password());
                Statement s = c.createStatement()) {
            for (String schema : schemas) {
                requireIdentifier(schema);
                s.execute("CREATE SCHEMA IF NOT EXISTS " + schema + " AUTHORIZATION " + owner.name());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create schemas in " + database + ": " + e.getMessage(), e);
        }
    }

    public void dropDatabase(String database) {
        requireIdentifier(database);
        execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private void execute(String sql) {
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
            return;
        } catch (SQLException e) {
            if (!isAuthenticationFailure(e)) {
                throw new IllegalStateException("PostgreSQL refused `" + sql + "`: " + e.getMessage(), e);
            }
        }
        psql(sql);
    }

    /** The first column of the first row, empty when there is no row. */
    private Optional<String> query(String sql) {
        try (Connection c = adminConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            if (!isAuthenticationFailure(e)) {
                throw new IllegalStateException("PostgreSQL refused `" + sql + "`: " + e.getMessage(), e);
            }
        }
        String out = psql(sql).strip();
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl("postgres"), adminUser, adminPassword.orElse(""));
    }

    private static boolean isAuthenticationFailure(SQLException e) {
        // 28P01 invalid password, 28000 invalid authorization; the driver reports a missing password as 08004.
        String state = e.getSQLState();
        return "28P01".equals(state) || "28000".equals(state) || "08004".equals(state)
                || String.valueOf(e.getMessage()).contains("password");
    }

    private String psql(String sql) {
        List<String> command = List.of("runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-t", "-A",
                "-v", "ON_ERROR_STOP=1", "-p", Integer.toString(port), "-d", "postgres", "-c", sql);
        return run(command, "run psql as the postgres user (password auth is on and YUNTU_PG_ADMIN_PASSWORD is not set)");
    }

    private Optional<List<String>> startCommand() {
        if (!Files.isDirectory(CLUSTERS)) {
            return Optional.empty();
        }
        try (var versions = Files.list(CLUSTERS)) {
            return versions.map(v -> v.getFileName().toString())
                    .filter(v -> v.matches("\\d+(\\.\\d+)?"))
                    .max((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)))
                    .map(version -> List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String run(List<String> command, String purpose) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("Could not " + purpose + " (" + String.join(" ", command) + "): " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("Could not " + purpose + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + purpose, e);
        }
    }

    private static void requireIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain SQL identifier: " + name);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
