package cloud.yuntu.task.outbox;

import cloud.yuntu.contracts.FarmEvent;
import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.task.signal.Signals;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Where every record task-service publishes is written first, in the transaction of the state
 * change it announces: a commit makes both durable, a rollback neither. {@link OutboxRelay}
 * moves the rows to Kafka; the insert itself signals it ({@link Signals#OUTBOX}), so the relay
 * runs the moment the transaction commits.
 */
@ApplicationScoped
public class Outbox {

    /** One record to publish. */
    public record Entry(String topic, String key, FarmEvent event) {
    }

    /**
     * The insert and the signal are one statement: a record costs one round trip. Rows get their ids
     * in the order given, the order the relay sends them in.
     */
    private static final String INSERT = """
            INSERT INTO task.outbox (topic, message_key, payload, created_at)
            SELECT r.topic, r.message_key, r.payload::jsonb, $4
            FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS r(topic, message_key, payload, n),
                 (SELECT pg_notify('""" + Signals.OUTBOX + """
            ', '')) AS signal
            ORDER BY r.n""";

    /** @param sql the connection of the caller's transaction */
    public Uni<Void> append(SqlClient sql, String topic, String key, FarmEvent event) {
        return appendAll(sql, List.of(new Entry(topic, key, event)));
    }

    /** Many records in one statement, e.g. every job of a release pass. */
    public Uni<Void> appendAll(SqlClient sql, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] topics = new String[entries.size()];
        String[] keys = new String[entries.size()];
        String[] payloads = new String[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            topics[i] = e.topic();
            keys[i] = e.key();
            payloads[i] = json(e.event());
        }
        return sql.preparedQuery(INSERT)
                .execute(Tuple.of(topics, keys, payloads, OffsetDateTime.now()))
                .replaceWithVoid();
    }

    private static String json(FarmEvent event) {
        try {
            return FarmJson.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
