package cloud.yuntu.task.tier;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The tier table: seeded by the changelog, read at submission and by the dispatcher. */
@ApplicationScoped
public class Tiers {

    public Uni<Optional<Tier>> find(SqlClient sql, String name) {
        return sql.preparedQuery("SELECT name, pool, price_per_core_hour, currency FROM task.tier WHERE name = $1")
                .execute(Tuple.of(name))
                .map(rows -> rows.size() == 0 ? Optional.<Tier>empty() : Optional.of(tier(rows.iterator().next())));
    }

    public Uni<List<String>> pools(SqlClient sql) {
        return sql.query("SELECT DISTINCT pool FROM task.tier ORDER BY pool").execute()
                .map(rows -> {
                    List<String> pools = new java.util.ArrayList<>();
                    rows.forEach(r -> pools.add(r.getString("pool")));
                    return pools;
                });
    }

    private static Tier tier(Row row) {
        return new Tier(row.getString("name"), row.getString("pool"), row.getBigDecimal("price_per_core_hour"),
                row.getString("currency").strip());
    }
}
