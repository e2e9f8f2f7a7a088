package cloud.yuntu.task.outbox;

import cloud.yuntu.contracts.FarmEvent;
import cloud.yuntu.contracts.json.FarmJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;

/**
 * Where every record task-service publishes is written first, in the transaction of the state
 * change it announces: a commit makes both durable, a rollback neither. {@link OutboxRelay}
 * moves the rows to Kafka.
 */
@ApplicationScoped
public class Outbox {

    /** @param sql the connection of the caller's transaction */
    public Uni<Void> append(SqlClient sql, String topic, String key, FarmEvent event) {
        return sql.preparedQuery("INSERT INTO task.outbox (topic, message_key, payload, created_at) "
                        + "VALUES ($1, $2, $3::text::jsonb, $4)")
                .execute(Tuple.of(topic, key, json(event), OffsetDateTime.now()))
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
