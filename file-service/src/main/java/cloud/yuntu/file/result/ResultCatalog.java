package cloud.yuntu.file.result;

import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.file.storage.KeyLocks;
import cloud.yuntu.file.storage.ObjectKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Confirmed results (table {@code file.confirmed_result}), one row per output key. */
@ApplicationScoped
public class ResultCatalog {

    private final Pool pool;

    ResultCatalog(Pool pool) {
        this.pool = pool;
    }

    /** One completion's outputs, as {@link #confirmAll} records them. */
    public record Completion(UUID eventId, List<ConfirmedResult> results) {
    }

    /**
     * Records the outputs of completions in one transaction: a poll's worth of frames costs one lock statement and
     * one pipelined batch of inserts. A redelivered event finds its rows and changes nothing; a later attempt that
     * wrote the same key supersedes an earlier one, never the other way round, in the batch as across batches (each
     * row is its own statement, in the completions' order). An output is confirmed only while the stored object under
     * its key is the one it reports (same size and SHA-256, checked under the keys' locks, which uploads hold while
     * they publish): an attempt whose bytes were replaced by another attempt's upload confirms nothing, so the list
     * never names a digest the download would not serve.
     *
     * @return how many rows were inserted or superseded
     */
    public Uni<Integer> confirmAll(List<Completion> completions) {
        List<Tuple> rows = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (Completion completion : completions) {
            for (ConfirmedResult r : completion.results()) {
                rows.add(Tuple.from(List.of(r.object().key(), r.taskId(), r.frameId(), r.attempt(), r.frame(),
                        r.fileName(), r.object().size(), r.object().sha256(), r.object().xxh64(), r.object().md5(),
                        completion.eventId())));
                keys.add(r.object().key());
            }
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.withTransaction(connection -> KeyLocks.lock(connection, keys)
                .chain(() -> connection.preparedQuery("""
                        INSERT INTO file.confirmed_result
                            (key, task_id, frame_id, attempt, frame, file_name, size, sha256, xxh64, md5, event_id, confirmed_at)
                        SELECT $1::varchar, $2::uuid, $3::uuid, $4::int, $5::int, $6::varchar, $7::bigint, $8::char(64),
                            $9::char(16), $10::char(32), $11::uuid, now()
                        WHERE EXISTS (SELECT 1 FROM file.stored_object o
                                      WHERE o.key = $1::varchar AND o.size = $7::bigint AND o.sha256 = $8::char(64))
                        ON CONFLICT (key) DO UPDATE SET task_id = EXCLUDED.task_id, frame_id = EXCLUDED.frame_id,
                            attempt = EXCLUDED.attempt, frame = EXCLUDED.frame, file_name = EXCLUDED.file_name,
                            size = EXCLUDED.size, sha256 = EXCLUDED.sha256, xxh64 = EXCLUDED.xxh64, md5 = EXCLUDED.md5,
                            event_id = EXCLUDED.event_id, confirmed_at = EXCLUDED.confirmed_at
                        WHERE confirmed_result.attempt < EXCLUDED.attempt""")
                .executeBatch(rows))
                .map(ResultCatalog::changedRows));
    }

    private static int changedRows(io.vertx.mutiny.sqlclient.RowSet<Row> first) {
        int changed = 0;
        for (io.vertx.mutiny.sqlclient.RowSet<Row> set = first; set != null; set = set.next()) {
            changed += set.rowCount();
        }
        return changed;
    }

    /**
     * Takes a deleted object's key off its task's list, inside the transaction that unlists the
     * object and holds the key's lock. A completion redelivered later confirms nothing: the object it
     * names is gone.
     *
     * @return whether the key was a confirmed result
     */
    public Uni<Boolean> unlist(SqlClient client, ObjectKey key) {
        return client.preparedQuery("DELETE FROM file.confirmed_result WHERE key = $1")
                .execute(Tuple.of(key.value()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Whether any result of the task is still confirmed, inside the caller's transaction. */
    public Uni<Boolean> anyOf(SqlClient client, UUID taskId) {
        return client.preparedQuery("SELECT EXISTS (SELECT 1 FROM file.confirmed_result WHERE task_id = $1) AS any")
                .execute(Tuple.of(taskId))
                .map(rows -> rows.iterator().next().getBoolean("any"));
    }

    public Uni<List<ConfirmedResult>> ofTask(UUID taskId) {
        return pool.preparedQuery("""
                        SELECT key, task_id, frame_id, attempt, frame, file_name, size, sha256, xxh64, md5
                        FROM file.confirmed_result WHERE task_id = $1 ORDER BY frame, file_name""")
                .execute(Tuple.of(taskId))
                .map(rows -> {
                    List<ConfirmedResult> results = new java.util.ArrayList<>();
                    rows.forEach(row -> results.add(toResult(row)));
                    return results;
                });
    }

    private static ConfirmedResult toResult(Row row) {
        return new ConfirmedResult(row.getUUID("task_id"), row.getUUID("frame_id"), row.getInteger("attempt"),
                row.getInteger("frame"), row.getString("file_name"), new StoredObject(row.getString("key"),
                row.getLong("size"), row.getString("sha256"), row.getString("xxh64"), row.getString("md5")));
    }
}
