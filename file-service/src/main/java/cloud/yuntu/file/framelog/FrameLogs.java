package cloud.yuntu.file.framelog;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The archived logs of frame attempts (table {@code file.frame_log_batch}, this class its only
 * writer): one row per batch an agent sent, its LZ4 block kept as it came, keyed by
 * (frame, attempt, first line) so a batch is kept once however often it is delivered.
 */
@ApplicationScoped
public class FrameLogs {

    private final Pool pool;

    FrameLogs(Pool pool) {
        this.pool = pool;
    }

    /** One batch as read back for a download. */
    record StoredBatch(long firstLine, int lineCount, int uncompressedBytes, byte[] lz4) {
    }

    /**
     * Keeps the batches of one poll in one statement (the columns as arrays, {@code unnest}): a poll of
     * hundreds of batches is one round trip. Batches already kept, and second copies within the poll,
     * change nothing.
     *
     * @return how many batches were new
     */
    Uni<Integer> store(List<LogBatch> batches) {
        Map<LogBatch.Key, LogBatch> distinct = new LinkedHashMap<>();
        batches.forEach(batch -> distinct.putIfAbsent(batch.key(), batch));
        if (distinct.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<LogBatch> rows = List.copyOf(distinct.values());
        Tuple columns = Tuple.tuple()
                .addArrayOfUUID(rows.stream().map(LogBatch::frameId).toArray(UUID[]::new))
                .addArrayOfInteger(rows.stream().map(LogBatch::attempt).toArray(Integer[]::new))
                .addArrayOfLong(rows.stream().map(LogBatch::firstLine).toArray(Long[]::new))
                .addArrayOfUUID(rows.stream().map(LogBatch::taskId).toArray(UUID[]::new))
                .addArrayOfString(rows.stream().map(LogBatch::agentId).toArray(String[]::new))
                .addArrayOfInteger(rows.stream().map(LogBatch::lineCount).toArray(Integer[]::new))
                .addArrayOfInteger(rows.stream().map(LogBatch::uncompressedBytes).toArray(Integer[]::new))
                .addValue(rows.stream().map(batch -> Buffer.buffer(batch.lz4())).toArray(Buffer[]::new))
                .addArrayOfOffsetDateTime(rows.stream().map(batch -> utc(batch.sentAt())).toArray(OffsetDateTime[]::new));
        return pool.preparedQuery("""
                        INSERT INTO file.frame_log_batch (frame_id, attempt, first_line, task_id, agent_id, line_count,
                            uncompressed_bytes, lz4, sent_at, received_at)
                        SELECT frame_id, attempt, first_line, task_id, agent_id, line_count, uncompressed_bytes, lz4,
                            sent_at, now()
                        FROM unnest($1::uuid[], $2::int[], $3::bigint[], $4::uuid[], $5::varchar[], $6::int[], $7::int[],
                            $8::bytea[], $9::timestamptz[])
                            AS batch(frame_id, attempt, first_line, task_id, agent_id, line_count, uncompressed_bytes,
                                lz4, sent_at)
                        ON CONFLICT (frame_id, attempt, first_line) DO NOTHING""")
                .execute(columns)
                .map(result -> result.rowCount());
    }

    /**
     * The frame attempts of a task that have a log, in the order their logs began. Lines are counted
     * once however batches overlap; a line no batch brought before the last one received is missing.
     */
    public Uni<List<LoggedAttempt>> attemptsOf(UUID taskId) {
        return pool.preparedQuery("""
                        SELECT frame_id, attempt, (array_agg(agent_id ORDER BY first_line))[1] AS agent_id,
                            sum(GREATEST(0, first_line + line_count - GREATEST(first_line, COALESCE(covered, 0)))) AS lines,
                            sum(GREATEST(0, first_line - COALESCE(covered, 0))) AS missing_lines,
                            sum(uncompressed_bytes) AS bytes, min(sent_at) AS first_time, max(sent_at) AS last_time
                        FROM (SELECT frame_id, attempt, agent_id, first_line, line_count, uncompressed_bytes, sent_at,
                                  max(first_line + line_count) OVER (PARTITION BY frame_id, attempt ORDER BY first_line
                                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS covered
                              FROM file.frame_log_batch WHERE task_id = $1) AS batch
                        GROUP BY frame_id, attempt
                        ORDER BY first_time, frame_id, attempt""")
                .execute(Tuple.of(taskId))
                .map(rows -> {
                    List<LoggedAttempt> attempts = new ArrayList<>();
                    rows.forEach(row -> attempts.add(new LoggedAttempt(row.getUUID("frame_id"), row.getInteger("attempt"),
                            row.getString("agent_id"), row.getLong("lines"), row.getLong("missing_lines"),
                            row.getLong("bytes"), instant(row, "first_time"), instant(row, "last_time"))));
                    return attempts;
                });
    }

    /**
     * @param asked the attempt asked for; empty for the latest one that has a log
     * @return the attempt whose log exists; empty when there is none (for that attempt, or at all)
     */
    public Uni<Optional<Integer>> loggedAttempt(UUID taskId, UUID frameId, Optional<Integer> asked) {
        return pool.preparedQuery("""
                        SELECT max(attempt) AS attempt FROM file.frame_log_batch
                        WHERE task_id = $1 AND frame_id = $2 AND ($3::int IS NULL OR attempt = $3::int)""")
                .execute(Tuple.of(taskId, frameId, asked.orElse(null)))
                .map(rows -> Optional.ofNullable(rows.iterator().next().getInteger("attempt")));
    }

    /** The next at most {@code limit} batches of an attempt's log after line {@code afterFirstLine}, in order. */
    Uni<List<StoredBatch>> page(UUID taskId, UUID frameId, int attempt, long afterFirstLine, int limit) {
        return pool.preparedQuery("""
                        SELECT first_line, line_count, uncompressed_bytes, lz4 FROM file.frame_log_batch
                        WHERE frame_id = $1 AND attempt = $2 AND task_id = $3 AND first_line > $4
                        ORDER BY first_line LIMIT $5""")
                .execute(Tuple.of(frameId, attempt, taskId, afterFirstLine, limit))
                .map(rows -> {
                    List<StoredBatch> page = new ArrayList<>(rows.size());
                    rows.forEach(row -> page.add(new StoredBatch(row.getLong("first_line"), row.getInteger("line_count"),
                            row.getInteger("uncompressed_bytes"), row.getBuffer("lz4").getBytes())));
                    return page;
                });
    }

    /** Removes every log of a task, inside the caller's transaction. @return how many batches went */
    public Uni<Integer> removeOfTask(SqlClient client, UUID taskId) {
        return client.preparedQuery("DELETE FROM file.frame_log_batch WHERE task_id = $1")
                .execute(Tuple.of(taskId))
                .map(rows -> rows.rowCount());
    }

    /**
     * Removes the logs of at most {@code tasks} tasks that ended before {@code cutoff}, and of as many tasks
     * file-service never learned the owner of whose batches arrived before it (nobody but operators could
     * read them, and no end will ever be seen for them).
     *
     * @return how many batches went
     */
    Uni<Integer> removeExpired(Instant cutoff, int tasks) {
        Tuple bounds = Tuple.of(utc(cutoff), tasks);
        return pool.preparedQuery("""
                        DELETE FROM file.frame_log_batch WHERE task_id IN (
                            SELECT o.task_id FROM file.task_owner o
                            WHERE o.ended_at < $1
                                AND EXISTS (SELECT 1 FROM file.frame_log_batch b WHERE b.task_id = o.task_id)
                            LIMIT $2)""")
                .execute(bounds)
                .chain(ended -> pool.preparedQuery("""
                                DELETE FROM file.frame_log_batch WHERE task_id IN (
                                    SELECT DISTINCT b.task_id FROM file.frame_log_batch b
                                    WHERE b.received_at < $1
                                        AND NOT EXISTS (SELECT 1 FROM file.task_owner o WHERE o.task_id = b.task_id)
                                    LIMIT $2)""")
                        .execute(bounds)
                        .map(unowned -> ended.rowCount() + unowned.rowCount()));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
