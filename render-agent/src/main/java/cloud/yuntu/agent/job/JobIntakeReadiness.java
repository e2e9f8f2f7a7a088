package cloud.yuntu.agent.job;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once every lane's share consumer has subscribed. */
@Readiness
@ApplicationScoped
public class JobIntakeReadiness implements HealthCheck {

    private final JobIntakes intakes;
    private final Slots slots;

    JobIntakeReadiness(JobIntakes intakes, Slots slots) {
        this.intakes = intakes;
        this.slots = slots;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("job-intake")
                .status(intakes.ready())
                .withData("slotsTotal", slots.total())
                .withData("slotsFree", slots.free())
                .withData("draining", slots.draining())
                .build();
    }
}
