package cloud.yuntu.contracts.task;

import java.math.BigDecimal;

/** Money as a decimal amount in an ISO 4217 currency (CNY by default). */
public record Cost(BigDecimal amount, String currency) {

    public static Cost zero(String currency) {
        return new Cost(BigDecimal.ZERO, currency);
    }
}
