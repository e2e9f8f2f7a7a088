package cloud.yuntu.task.tier;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** A row of {@code task.tier} as Hibernate Reactive maps it; the rest of the service speaks {@link Tier}. */
@Entity
@Table(name = "tier", schema = "task")
public class TierRow {

    @Id
    public String name;

    public int cores;

    @Column(name = "ram_gb", nullable = false)
    public int ramGb;

    public int gpus;

    @Column(name = "gpu_model")
    public String gpuModel;

    @Column(name = "gpu_memory_gb")
    public Integer gpuMemoryGb;

    @Column(name = "price_per_hour", nullable = false)
    public BigDecimal pricePerHour;

    @Column(nullable = false, columnDefinition = "char(3)")
    public String currency;

    @Column(nullable = false)
    public String pool;

    Tier tier() {
        return new Tier(name, cores, ramGb, gpus, gpuModel, gpuMemoryGb, pricePerHour, currency.strip(), pool);
    }

    void set(Tier tier) {
        name = tier.name();
        cores = tier.cores();
        ramGb = tier.ramGb();
        gpus = tier.gpus();
        gpuModel = tier.gpuModel();
        gpuMemoryGb = tier.gpuMemoryGb();
        pricePerHour = tier.pricePerHour();
        currency = tier.currency();
        pool = tier.pool();
    }
}
