package cloud.yuntu.deploy.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresServerTest {

    @Test
    void createsRoleDatabaseAndSchemasIdempotently() throws Exception {
        PostgresServer server = PostgresServer.local();
        server.ensureRunning();
        DatabaseUser user = new DatabaseUser("yuntu_deploy_test", "s3cret'quote");
        String database = "yuntu_deploy_test_" + ProcessHandle.current().pid();
        try {
            server.ensureRole(user);
            server.ensureRole(user);
            server.ensureDatabase(database, user, List.of("alpha", "beta"));
            server.ensureDatabase(database, user, List.of("alpha", "beta"));

            try (Connection c = DriverManager.getConnection(server.jdbcUrl(database), user.name(), user.password());
                    ResultSet rs = c.createStatement().executeQuery(
                            "SELECT count(*) FROM information_schema.schemata WHERE schema_name IN ('alpha','beta')")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        } finally {
            server.dropDatabase(database);
        }
    }
}
