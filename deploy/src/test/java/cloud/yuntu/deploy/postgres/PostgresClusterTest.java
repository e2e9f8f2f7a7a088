package cloud.yuntu.deploy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A farm's own cluster: made, used, restarted and crashed under an open connection, replaced, deleted. */
class PostgresClusterTest {

    private static final DatabaseUser USER = new DatabaseUser("yuntu_cluster_test", "pw'quote");

    /** Under java.io.tmpdir, which the postgres OS user can reach when the tests run as root. */
    private static Path directory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "yuntu-cluster-test-" + UUID.randomUUID());
    }

    @Test
    void keepsItsDataAcrossARestartAndACrashAndEndsOpenSessions() throws Exception {
        try (PostgresCluster cluster = PostgresCluster.create(directory())) {
            PostgresServer server = cluster.server();
            server.ensureRole(USER);
            server.ensureDatabase("farm", USER, List.of("task"));
            try (Connection before = connect(server)) {
                before.createStatement().execute("CREATE TABLE task.t (n int); INSERT INTO task.t VALUES (1)");

                cluster.restart();

                assertThatThrownBy(() -> before.createStatement().executeQuery("SELECT 1"))
                        .as("a session of before the restart").isInstanceOf(SQLException.class);
            }
            try (Connection after = connect(server)) {
                after.createStatement().execute("INSERT INTO task.t VALUES (2)");
            }

            cluster.kill();
            assertThat(cluster.isRunning()).isFalse();
            cluster.start();

            try (Connection recovered = connect(server); Statement s = recovered.createStatement();
                    ResultSet rs = s.executeQuery("SELECT sum(n) FROM task.t")) {
                rs.next();
                assertThat(rs.getInt(1)).as("committed rows survive the crash").isEqualTo(3);
            }
        }
    }

    @Test
    void replacesTheClusterAnEarlierRunLeftInItsDirectoryAndDeletesItselfWhenClosed() throws Exception {
        Path dir = directory();
        PostgresCluster left = PostgresCluster.create(dir);
        long leftServer = Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).getFirst().strip());
        left.server().ensureRole(USER);
        left.server().ensureDatabase("leftover", USER, List.of("task"));
        // Not closed: its JVM "died". The next farm of the same directory stops it and starts afresh.
        try (PostgresCluster next = PostgresCluster.create(dir)) {
            // Stopped, it may linger as a zombie until init collects it (this machine's does so every few seconds).
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (ProcessHandle.of(leftServer).filter(ProcessHandle::isAlive).isPresent() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertThat(ProcessHandle.of(leftServer).filter(ProcessHandle::isAlive)).as("the leftover server").isEmpty();
            next.server().ensureRole(USER);
            assertThatThrownBy(() -> DriverManager.getConnection(next.server().jdbcUrl("leftover"), USER.name(),
                    USER.password()).close()).as("the leftover's data").isInstanceOf(SQLException.class)
                    .hasMessageContaining("does not exist");
        }
        assertThat(dir).doesNotExist();
    }

    private static Connection connect(PostgresServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl("farm"), USER.name(), USER.password());
    }
}
