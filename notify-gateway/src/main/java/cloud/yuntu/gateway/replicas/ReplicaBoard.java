package cloud.yuntu.gateway.replicas;

import cloud.yuntu.contracts.json.FarmJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The replicas' newest snapshots, one row per running replica: the only writer of
 * {@code gateway.replica_snapshot}. Each replica overwrites its own row; every time in it is the
 * database's ({@code now()}), so replicas whose clocks differ still judge each other's age right.
 */
@ApplicationScoped
public class ReplicaBoard {

    private static final Logger LOG = Logger.getLogger(ReplicaBoard.class);

    private final Pool pool;

    ReplicaBoard(Pool pool) {
        this.pool = pool;
    }

    /** The snapshots on the board and the database's time they are to be judged by. */
    public record Published(Instant now, List<ReplicaSnapshot> snapshots) {
    }

    /**
     * Puts the snapshot on the board in place of its replica's previous one, stamped with the
     * database's time. The figures go as text cast to jsonb: a Java string bound to a jsonb
     * parameter would be stored as one JSON string.
     */
    public Uni<Void> publish(ReplicaSnapshot snapshot) {
        return pool.preparedQuery("""
                        INSERT INTO gateway.replica_snapshot (id, host, started_at, published_at, figures)
                        VALUES ($1, $2, $3, now(), $4::text::jsonb)
                        ON CONFLICT (id) DO UPDATE SET host = excluded.host, started_at = excluded.started_at,
                            published_at = excluded.published_at, figures = excluded.figures""")
                .execute(Tuple.of(snapshot.id(), snapshot.host(), OffsetDateTime.ofInstant(snapshot.startedAt(), ZoneOffset.UTC),
                        json(snapshot)))
                .replaceWithVoid();
    }

    /** Every snapshot on the board, stale ones included, with the database's time now. */
    public Uni<Published> read() {
        // The left join answers the time also when the board is empty.
        return pool.query("""
                        SELECT n.now, s.published_at, s.figures::text AS figures
                        FROM (SELECT now() AS now) n LEFT JOIN gateway.replica_snapshot s ON true""")
                .execute()
                .map(rows -> {
                    Instant now = null;
                    List<ReplicaSnapshot> snapshots = new ArrayList<>();
                    for (Row row : rows) {
                        now = row.getOffsetDateTime("now").toInstant();
                        String figures = row.getString("figures");
                        ReplicaSnapshot snapshot = figures == null ? null : parse(figures);
                        if (snapshot != null) {
                            snapshots.add(snapshot.publishedAt(row.getOffsetDateTime("published_at").toInstant()));
                        }
                    }
                    return new Published(now, snapshots);
                });
    }

    /** Takes the replica's snapshot off the board: it stops, its connections are gone. */
    public Uni<Void> withdraw(String replicaId) {
        return pool.preparedQuery("DELETE FROM gateway.replica_snapshot WHERE id = $1")
                .execute(Tuple.of(replicaId))
                .replaceWithVoid();
    }

    /**
     * Removes the snapshots published longer ago than {@code olderThan}: a replica that crashed never
     * withdraws its own, and its id never comes back (a new one is drawn at each start).
     *
     * @return how many were removed
     */
    public Uni<Integer> forgetOlderThan(Duration olderThan) {
        return pool.preparedQuery("DELETE FROM gateway.replica_snapshot WHERE published_at < now() - $1::bigint * interval '1 millisecond'")
                .execute(Tuple.of(olderThan.toMillis()))
                .map(rows -> rows.rowCount());
    }

    private static String json(ReplicaSnapshot snapshot) {
        try {
            return FarmJson.mapper().writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write the snapshot of replica " + snapshot.id(), e);
        }
    }

    /** @return null for figures this version cannot read (one replica's must not hide all the others') */
    private static ReplicaSnapshot parse(String figures) {
        try {
            return FarmJson.mapper().readValue(figures, ReplicaSnapshot.class);
        } catch (JsonProcessingException e) {
            LOG.warnf("A replica snapshot could not be read and is not counted: %s", e.getOriginalMessage());
            return null;
        }
    }
}
