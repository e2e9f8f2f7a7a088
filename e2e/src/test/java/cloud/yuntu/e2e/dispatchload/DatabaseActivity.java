package cloud.yuntu.e2e.dispatchload;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * What PostgreSQL itself counted for one database, read from its cumulative statistics: transactions committed
 * and rolled back ({@code pg_stat_database}) and, per schema (so per service: task, file, scene), rows inserted,
 * updated and deleted and table scans ({@code pg_stat_user_tables}). PostgreSQL does not count statements there;
 * {@code pg_stat_statements} would, but it must be loaded when the server starts
 * ({@code shared_preload_libraries}) and created by a superuser ({@link #statementsExtension}).
 *
 * <p>Backends report their counts when they go idle, at most once a second: read a second or two after the load
 * stopped, or the last of it is missing.
 */
public final class DatabaseActivity {

    private DatabaseActivity() {
    }

    /**
     * @param transactions commits and rollbacks of the whole database (every service using it)
     * @param schemas per schema: rows inserted, updated, deleted, and sequential plus index scans
     */
    public record Snapshot(long transactions, long rollbacks, Map<String, Tables> schemas) {

        /** What happened from {@code before} to this snapshot. */
        public Snapshot since(Snapshot before) {
            Map<String, Tables> delta = new TreeMap<>();
            schemas.forEach((schema, now) -> delta.put(schema, now.since(before.schemas().getOrDefault(schema, Tables.NONE))));
            return new Snapshot(transactions - before.transactions(), rollbacks - before.rollbacks(), delta);
        }
    }

    /** Row and scan counts of a schema's tables. */
    public record Tables(long inserted, long updated, long deleted, long scans) {

        static final Tables NONE = new Tables(0, 0, 0, 0);

        Tables since(Tables before) {
            return new Tables(inserted - before.inserted(), updated - before.updated(), deleted - before.deleted(),
                    scans - before.scans());
        }

        public long written() {
            return inserted + updated + deleted;
        }
    }

    public static Snapshot read(String jdbcUrl, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            long transactions;
            long rollbacks;
            try (ResultSet rs = s.executeQuery("SELECT xact_commit, xact_rollback FROM pg_stat_database "
                    + "WHERE datname = current_database()")) {
                rs.next();
                transactions = rs.getLong(1) + rs.getLong(2);
                rollbacks = rs.getLong(2);
            }
            Map<String, Tables> schemas = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("""
                    SELECT schemaname, sum(n_tup_ins), sum(n_tup_upd), sum(n_tup_del),
                           sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0))
                    FROM pg_stat_user_tables GROUP BY schemaname""")) {
                while (rs.next()) {
                    schemas.put(rs.getString(1), new Tables(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                }
            }
            return new Snapshot(transactions, rollbacks, schemas);
        }
    }

    /**
     * Whether {@code pg_stat_statements}, which counts statements, is installed in the database. It needs the
     * server started with it in {@code shared_preload_libraries} and a superuser to create it: a restart of the
     * machine's shared PostgreSQL is not a benchmark's to do, so a fresh database never has it.
     */
    public static boolean statementsExtension(String jdbcUrl, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }
}
