package cloud.yuntu.gateway.stream;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The streams and their retained events: the only writer of {@code gateway.stream},
 * {@code gateway.stream_event} and {@code gateway.task_owner}. Numbering is set-based: a batch of
 * farm events becomes one upsert of the streams' counters, one multi-row insert and one upsert of
 * the owners of the batch's tasks, in one transaction, so a stream's numbers have no gaps whatever
 * fails (a failed batch numbers nothing and is numbered again), and a task whose event was numbered
 * has its owner recorded.
 */
@ApplicationScoped
public class StreamLog implements StreamSource, TaskOwners {

    private final Pool pool;
    private final Clock clock = Clock.systemUTC();

    StreamLog(Pool pool) {
        this.pool = pool;
    }

    /**
     * Numbers the events in every stream they belong to ({@link StreamRouting}), in batch order.
     * An event a stream numbered before (a redelivery) keeps its number and is returned again, so
     * the caller can publish it again: the first publication may be what was lost.
     *
     * @return the records of the batch, each stream's in seq order
     */
    public Uni<List<StreamRecord>> append(List<Push> pushes) {
        if (pushes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.withTransaction(sql -> userStreams(sql, pushes)
                .chain(users -> {
                    // Each stream's events in batch order, once each.
                    Map<String, LinkedHashMap<UUID, Push>> byStream = new TreeMap<>();
                    for (Push push : pushes) {
                        for (String stream : StreamRouting.streamsOf(push, users)) {
                            byStream.computeIfAbsent(stream, ignored -> new LinkedHashMap<>()).putIfAbsent(push.eventId(), push);
                        }
                    }
                    return numbered(sql, byStream).chain(known -> number(sql, byStream, known));
                })
                // After the streams' counters: every batch locks streams first, then owners, each in key order.
                .call(() -> recordOwners(sql, pushes)));
    }

    /**
     * Records the owner of every task of the batch and when its last event was numbered: who may
     * follow the task's live log ({@link TaskOwners}). A task never changes hands, so a known owner stays.
     */
    private Uni<Void> recordOwners(SqlClient sql, List<Push> pushes) {
        // One row per task (an upsert may not touch a row twice), in task order so concurrent batches lock alike.
        Map<UUID, String> owners = new TreeMap<>();
        for (Push push : pushes) {
            if (push.taskId() != null && push.owner() != null) {
                owners.putIfAbsent(push.taskId(), push.owner());
            }
        }
        if (owners.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery("""
                        INSERT INTO gateway.task_owner AS o (task_id, owner, last_event)
                        SELECT t, u, $3 FROM unnest($1::uuid[], $2::text[]) AS r(t, u) ORDER BY t
                        ON CONFLICT (task_id) DO UPDATE SET last_event = GREATEST(o.last_event, excluded.last_event)""")
                .execute(Tuple.of(owners.keySet().toArray(UUID[]::new), owners.values().toArray(String[]::new),
                        OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** The owner recorded for the task, null while none of its events was numbered (or after they aged out). */
    @Override
    public Uni<String> ownerOf(UUID taskId) {
        return pool.preparedQuery("SELECT owner FROM gateway.task_owner WHERE task_id = $1")
                .execute(Tuple.of(taskId))
                .map(rows -> {
                    Iterator<Row> found = rows.iterator();
                    return found.hasNext() ? found.next().getString("owner") : null;
                });
    }

    /**
     * Forgets the owners of tasks none of whose events was numbered since {@code olderThan}. A task
     * that renders emits progress, so one this quiet has no live log to follow; should it come back
     * (a retry), its next event records its owner again.
     *
     * @return the number of tasks forgotten
     */
    public Uni<Integer> trimOwners(Instant olderThan) {
        return pool.preparedQuery("DELETE FROM gateway.task_owner WHERE last_event < $1")
                .execute(Tuple.of(OffsetDateTime.ofInstant(olderThan, ZoneOffset.UTC)))
                .map(RowSet::rowCount);
    }

    /** The stream's head, creating the stream (with a new epoch) when it has none yet. */
    @Override
    public Uni<StreamHead> open(String stream) {
        return pool.preparedQuery("""
                        INSERT INTO gateway.stream AS s (id, epoch, last_seq) VALUES ($1, $2, 0)
                        ON CONFLICT (id) DO UPDATE SET last_seq = s.last_seq
                        RETURNING epoch, last_seq""")
                .execute(Tuple.of(stream, UUID.randomUUID()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new StreamHead(row.getUUID("epoch"), row.getLong("last_seq"));
                });
    }

    @Override
    public Uni<Map<String, Long>> lastSeqs(Collection<String> streams) {
        return pool.preparedQuery("SELECT id, last_seq FROM gateway.stream WHERE id = ANY($1)")
                .execute(Tuple.of(streams.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Long> heads = new HashMap<>();
                    rows.forEach(row -> heads.put(row.getString("id"), row.getLong("last_seq")));
                    return heads;
                });
    }

    /** The retained events of the stream after {@code afterSeq} up to {@code upToSeq}, at most {@code limit}, in order. */
    @Override
    public Uni<List<StreamRecord>> after(String stream, long afterSeq, long upToSeq, int limit) {
        return pool.preparedQuery("""
                        SELECT e.stream_id, s.epoch, e.seq, e.event_id, e.event, e.task_id, e.data, e.ts
                        FROM gateway.stream_event e JOIN gateway.stream s ON s.id = e.stream_id
                        WHERE e.stream_id = $1 AND e.seq > $2 AND e.seq <= $3
                        ORDER BY e.seq LIMIT $4""")
                .execute(Tuple.of(stream, afterSeq, upToSeq, limit))
                .map(StreamLog::records);
    }

    /**
     * Removes events older than {@code olderThan} and, in every stream, all but its newest
     * {@code keepPerStream}.
     *
     * @return the number of events removed
     */
    public Uni<Integer> trim(Instant olderThan, int keepPerStream) {
        return pool.withTransaction(sql -> sql.preparedQuery("DELETE FROM gateway.stream_event WHERE ts < $1")
                .execute(Tuple.of(OffsetDateTime.ofInstant(olderThan, ZoneOffset.UTC)))
                .chain(aged -> sql.preparedQuery("""
                                DELETE FROM gateway.stream_event e USING gateway.stream s
                                WHERE e.stream_id = s.id AND e.seq <= s.last_seq - $1""")
                        .execute(Tuple.of((long) keepPerStream))
                        .map(surplus -> aged.rowCount() + surplus.rowCount())));
    }

    /** The streams a broadcast goes to besides the farm's: every user's and agent's that ever connected or had an event. */
    private static Uni<Set<String>> userStreams(SqlClient sql, List<Push> pushes) {
        if (pushes.stream().noneMatch(Push::everyone)) {
            return Uni.createFrom().item(Set.of());
        }
        return sql.preparedQuery("SELECT id FROM gateway.stream WHERE id <> $1")
                .execute(Tuple.of(StreamIds.FARM))
                .map(rows -> {
                    Set<String> ids = new HashSet<>();
                    rows.forEach(row -> ids.add(row.getString("id")));
                    return ids;
                });
    }

    /** The records of events of the batch that their stream numbered before. */
    private static Uni<Map<String, Map<UUID, StreamRecord>>> numbered(SqlClient sql,
            Map<String, LinkedHashMap<UUID, Push>> byStream) {
        List<String> streams = new ArrayList<>();
        List<UUID> events = new ArrayList<>();
        byStream.forEach((stream, pushes) -> pushes.keySet().forEach(event -> {
            streams.add(stream);
            events.add(event);
        }));
        return sql.preparedQuery("""
                        SELECT e.stream_id, s.epoch, e.seq, e.event_id, e.event, e.task_id, e.data, e.ts
                        FROM gateway.stream_event e JOIN gateway.stream s ON s.id = e.stream_id
                        WHERE (e.stream_id, e.event_id) IN (SELECT * FROM unnest($1::text[], $2::uuid[]))""")
                .execute(Tuple.of(streams.toArray(String[]::new), events.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<String, Map<UUID, StreamRecord>> known = new HashMap<>();
                    for (StreamRecord record : records(rows)) {
                        known.computeIfAbsent(record.stream(), ignored -> new HashMap<>()).put(record.eventId(), record);
                    }
                    return known;
                });
    }

    private Uni<List<StreamRecord>> number(SqlClient sql, Map<String, LinkedHashMap<UUID, Push>> byStream,
            Map<String, Map<UUID, StreamRecord>> known) {
        Map<String, List<Push>> fresh = new TreeMap<>();
        byStream.forEach((stream, pushes) -> {
            Map<UUID, StreamRecord> before = known.getOrDefault(stream, Map.of());
            List<Push> news = pushes.values().stream().filter(push -> !before.containsKey(push.eventId())).toList();
            if (!news.isEmpty()) {
                fresh.put(stream, news);
            }
        });
        List<StreamRecord> again = known.values().stream().flatMap(m -> m.values().stream()).toList();
        if (fresh.isEmpty()) {
            return Uni.createFrom().item(sorted(again));
        }
        // Counters first, in stream-id order so that concurrent batches lock streams in one order.
        String[] ids = fresh.keySet().toArray(String[]::new);
        UUID[] epochs = fresh.keySet().stream().map(ignored -> UUID.randomUUID()).toArray(UUID[]::new);
        Long[] counts = fresh.values().stream().map(list -> (long) list.size()).toArray(Long[]::new);
        Instant now = clock.instant();
        return sql.preparedQuery("""
                        INSERT INTO gateway.stream AS s (id, epoch, last_seq)
                        SELECT id, epoch, n FROM unnest($1::text[], $2::uuid[], $3::bigint[]) AS t(id, epoch, n) ORDER BY id
                        ON CONFLICT (id) DO UPDATE SET last_seq = s.last_seq + excluded.last_seq
                        RETURNING id, epoch, last_seq""")
                .execute(Tuple.of(ids, epochs, counts))
                .chain(heads -> {
                    List<StreamRecord> records = new ArrayList<>(again);
                    for (Row head : heads) {
                        String stream = head.getString("id");
                        List<Push> news = fresh.get(stream);
                        long seq = head.getLong("last_seq") - news.size();
                        for (Push push : news) {
                            records.add(new StreamRecord(stream, head.getUUID("epoch"), ++seq, push.eventId(), push.event(),
                                    push.taskId(), push.data(), now));
                        }
                    }
                    List<StreamRecord> inserted = records.subList(again.size(), records.size());
                    return sql.preparedQuery("""
                                    INSERT INTO gateway.stream_event (stream_id, seq, event_id, event, task_id, data, ts)
                                    SELECT s, q, e, n, t, d, $7
                                    FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::uuid[], $6::text[])
                                        AS r(s, q, e, n, t, d)""")
                            .execute(Tuple.from(List.of(
                                    inserted.stream().map(StreamRecord::stream).toArray(String[]::new),
                                    inserted.stream().map(StreamRecord::seq).toArray(Long[]::new),
                                    inserted.stream().map(StreamRecord::eventId).toArray(UUID[]::new),
                                    inserted.stream().map(StreamRecord::event).toArray(String[]::new),
                                    inserted.stream().map(StreamRecord::taskId).toArray(UUID[]::new),
                                    inserted.stream().map(StreamRecord::data).toArray(String[]::new),
                                    OffsetDateTime.ofInstant(now, ZoneOffset.UTC))))
                            .map(ignored -> sorted(records));
                });
    }

    private static List<StreamRecord> sorted(List<StreamRecord> records) {
        List<StreamRecord> copy = new ArrayList<>(records);
        copy.sort((a, b) -> a.stream().equals(b.stream()) ? Long.compare(a.seq(), b.seq()) : a.stream().compareTo(b.stream()));
        return copy;
    }

    private static List<StreamRecord> records(RowSet<Row> rows) {
        List<StreamRecord> records = new ArrayList<>();
        for (Row row : rows) {
            records.add(new StreamRecord(row.getString("stream_id"), row.getUUID("epoch"), row.getLong("seq"),
                    row.getUUID("event_id"), row.getString("event"), row.getUUID("task_id"), row.getString("data"),
                    row.getOffsetDateTime("ts").toInstant()));
        }
        return records;
    }
}
