package cloud.yuntu.task.tier;

import java.math.BigDecimal;

/** A hardware tier users pick; it decides the agent pool and the price. */
public record Tier(String name, String pool, BigDecimal pricePerCoreHour, String currency) {
}
