package cloud.yuntu.task.tier;

import cloud.yuntu.contracts.task.TaskStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tier table, its one writer (Hibernate Reactive Panache; callers open the session or
 * transaction). Seeded by {@code db/changes/tiers.xml}; edited by admins through {@link TierResource}.
 */
@ApplicationScoped
public class Tiers implements PanacheRepositoryBase<TierRow, String> {

    private static final List<String> FINAL_STATUSES = Arrays.stream(TaskStatus.values()).filter(TaskStatus::isFinal)
            .map(Enum::name).toList();

    /** Every tier, cheapest first. */
    public Uni<List<Tier>> all() {
        return list("order by pricePerHour, cores, name").map(rows -> rows.stream().map(TierRow::tier).toList());
    }

    /**
     * Every tier, read through the reactive SQL client: the tier choice runs inside submission's flows
     * (a REST call, the scene-results consumer, a transaction of the reactive client) where a
     * Hibernate Reactive session of its own is not always at hand.
     */
    public Uni<List<Tier>> all(SqlClient sql) {
        return sql.query("""
                        SELECT name, cores, ram_gb, gpus, gpu_model, gpu_memory_gb, price_per_hour, currency, pool
                        FROM task.tier ORDER BY price_per_hour, cores, name""")
                .execute()
                .map(rows -> {
                    List<Tier> tiers = new ArrayList<>(rows.size());
                    rows.forEach(r -> tiers.add(from(r)));
                    return tiers;
                });
    }

    /**
     * Creates or replaces a tier; the row is locked first, so concurrent edits of one tier apply one
     * after the other. Tasks keep the pool and price they were submitted with.
     *
     * @return true when the tier was created
     */
    public Uni<Boolean> put(Tier tier) {
        return findById(tier.name(), LockModeType.PESSIMISTIC_WRITE).chain(found -> {
            TierRow row = found == null ? new TierRow() : found;
            row.set(tier);
            return persist(row).replaceWith(found == null);
        });
    }

    /** Tasks not yet final that render on the tier: they hold it against deletion. */
    public Uni<Long> activeTasksOn(String name) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM task.task WHERE tier = :name AND status NOT IN (:final)", Long.class)
                .setParameter("name", name)
                .setParameter("final", FINAL_STATUSES)
                .getSingleResult());
    }

    private static Tier from(Row r) {
        return new Tier(r.getString("name"), r.getInteger("cores"), r.getInteger("ram_gb"), r.getInteger("gpus"),
                r.getString("gpu_model"), r.getInteger("gpu_memory_gb"), r.getBigDecimal("price_per_hour"),
                r.getString("currency").strip(), r.getString("pool"));
    }
}
