package cloud.yuntu.task.tier;

import cloud.yuntu.contracts.problem.Problem.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** What a tier an admin puts must be; every field at fault is named at once. */
final class TierRules {

    /**
     * Tier and pool names: a pool names the job topics {@code farm.frame-jobs.<pool>.<renderer>}
     * and the share groups {@code render-agents-<pool>.<renderer>}, so only characters Kafka takes, and no dot
     * (which separates the pool from the renderer in a topic's name).
     */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final String NAME_RULE = "must be 1 to 64 lower-case letters, digits, _ or -, starting with a letter or digit";
    static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    static final int MAX_CORES = 4096;
    static final int MAX_RAM_GB = 65_536;
    static final int MAX_GPUS = 64;
    static final int MAX_GPU_MEMORY_GB = 4096;
    static final int MAX_MODEL_LENGTH = 128;
    /** {@code numeric(12,4)}. */
    static final BigDecimal MAX_PRICE = new BigDecimal("99999999.9999");

    private TierRules() {
    }

    static List<FieldError> problems(String name, TierResource.TierEdit edit) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            errors.add(new FieldError("name", NAME_RULE));
        }
        if (edit == null) {
            edit = new TierResource.TierEdit(null, null, null, null, null, null, null, null);
        }
        range(errors, "cores", edit.cores(), 1, MAX_CORES, true);
        range(errors, "ramGb", edit.ramGb(), 1, MAX_RAM_GB, true);
        range(errors, "gpus", edit.gpus(), 0, MAX_GPUS, false);
        boolean gpuTier = edit.gpus() != null && edit.gpus() > 0;
        if (gpuTier) {
            if (edit.gpuModel() == null || edit.gpuModel().isBlank()) {
                errors.add(new FieldError("gpuModel", "is required when gpus is more than 0"));
            } else if (edit.gpuModel().length() > MAX_MODEL_LENGTH
                    || edit.gpuModel().codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0xFFFD)) {
                errors.add(new FieldError("gpuModel", "must be at most " + MAX_MODEL_LENGTH
                        + " characters without control characters"));
            }
            range(errors, "gpuMemoryGb", edit.gpuMemoryGb(), 1, MAX_GPU_MEMORY_GB, true);
        } else {
            if (edit.gpuModel() != null) {
                errors.add(new FieldError("gpuModel", "must be absent for a tier without GPUs"));
            }
            if (edit.gpuMemoryGb() != null) {
                errors.add(new FieldError("gpuMemoryGb", "must be absent for a tier without GPUs"));
            }
        }
        BigDecimal price = edit.pricePerHour();
        if (price == null) {
            errors.add(new FieldError("pricePerHour", "is required"));
        } else if (price.signum() < 0 || price.compareTo(MAX_PRICE) > 0 || price.stripTrailingZeros().scale() > 4) {
            errors.add(new FieldError("pricePerHour", "must be from 0 to " + MAX_PRICE.toPlainString()
                    + " with at most 4 decimals"));
        }
        if (edit.currency() == null || !CURRENCY.matcher(edit.currency()).matches()) {
            errors.add(new FieldError("currency", "must be an ISO 4217 code of 3 capital letters, e.g. CNY"));
        }
        if (edit.pool() != null && !NAME.matcher(edit.pool()).matches()) {
            errors.add(new FieldError("pool", NAME_RULE + " (absent: the tier's name)"));
        }
        return errors;
    }

    private static void range(List<FieldError> errors, String field, Integer value, int min, int max, boolean required) {
        if (value == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
        } else if (value < min || value > max) {
            errors.add(new FieldError(field, "must be from " + min + " to " + max));
        }
    }
}
