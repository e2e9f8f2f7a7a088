package cloud.yuntu.task.tier;

import java.math.BigDecimal;

/** The tier a task renders on, copied onto the task so a later price change never alters what it costs. */
public record ChosenTier(String name, String pool, BigDecimal pricePerHour, String currency) {
}
