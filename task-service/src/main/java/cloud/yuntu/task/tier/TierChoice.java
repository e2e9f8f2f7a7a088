package cloud.yuntu.task.tier;

import cloud.yuntu.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/** Picks the tier a task renders on: {@link TierMatcher}'s rule over the tiers in the database. */
@ApplicationScoped
public class TierChoice {

    private final Pool pool;
    private final Tiers tiers;

    public TierChoice(Pool pool, Tiers tiers) {
        this.pool = pool;
        this.tiers = tiers;
    }

    /**
     * @return the named tier, or the cheapest that meets the requirements and can run the task
     * @throws ProblemException (as the Uni's failure) 422 naming {@code tier}, the {@code requirements}
     *         field no tier meets, or {@code resolution}
     */
    public Uni<ChosenTier> choose(TierRequest request) {
        return pool.withConnection(tiers::all)
                .map(all -> TierMatcher.match(all, request).chosen());
    }
}
