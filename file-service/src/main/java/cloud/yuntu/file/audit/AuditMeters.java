package cloud.yuntu.file.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the store audits of this replica found and removed since it started, by area (tag {@code area}:
 * {@code assets}, {@code scenes}, {@code results}, {@code work}) on {@code /q/metrics}: orphans found
 * ({@code yuntu.file.store.audit.orphans.found}) and removed ({@code yuntu.file.store.audit.orphans.removed}).
 * Found but not removed are those recorded meanwhile, gone meanwhile, or that the store failed to remove.
 * Registered at start, so that they read 0 until the first audit.
 */
@Startup
@ApplicationScoped
public class AuditMeters {

    private final Map<AuditArea, Counter> found = new EnumMap<>(AuditArea.class);
    private final Map<AuditArea, Counter> removed = new EnumMap<>(AuditArea.class);

    AuditMeters(MeterRegistry registry) {
        for (AuditArea area : AuditArea.values()) {
            found.put(area, Counter.builder("yuntu.file.store.audit.orphans.found").tag("area", area.tag())
                    .description("Objects and working files in the store that no table knew and older than the grace period")
                    .register(registry));
            removed.put(area, Counter.builder("yuntu.file.store.audit.orphans.removed").tag("area", area.tag())
                    .description("Orphans the store audit removed from the store")
                    .register(registry));
        }
    }

    void found(AuditArea area, int count) {
        found.get(area).increment(count);
    }

    void removed(AuditArea area, int count) {
        removed.get(area).increment(count);
    }
}
