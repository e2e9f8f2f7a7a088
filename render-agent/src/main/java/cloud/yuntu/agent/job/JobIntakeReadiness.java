package cloud.yuntu.agent.job;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the tiers were read (so the pools served are the tiers' verdict) and every served lane's share group
 * is configured. A node that serves no pool is ready too: that is its configuration's doing, and said in its log.
 */
@Readiness
@ApplicationScoped
public class JobIntakeReadiness implements HealthCheck {

    private final JobIntakes intakes;
    private final Slots slots;
    private final PoolServing serving;

    JobIntakeReadiness(JobIntakes intakes, Slots slots, PoolServing serving) {
        this.intakes = intakes;
        this.slots = slots;
        this.serving = serving;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("job-intake")
                .status(serving.tiersRead() && intakes.ready())
                .withData("tiersRead", serving.tiersRead())
                .withData("pools", String.join(",", intakes.pools()))
                .withData("slotsTotal", slots.total())
                .withData("slotsFree", slots.free())
                .withData("draining", slots.draining())
                .build();
    }
}
