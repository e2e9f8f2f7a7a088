package cloud.yuntu.file.framelog;

import cloud.yuntu.platform.problem.ProblemException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The parameters of a log request as the caller wrote them, read strictly: ids in the canonical
 * 8-4-4-4-12 form (upper or lower case), an attempt from 1. Anything else is 422 naming the
 * parameter, before anything is looked up. Pure.
 */
final class LogRequest {

    private static final Pattern UUID_FORM = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private LogRequest() {
    }

    /** @throws ProblemException 422 naming {@code parameter} */
    static UUID id(String parameter, String value) {
        if (value == null || !UUID_FORM.matcher(value).matches()) {
            throw ProblemException.invalidField(parameter, "must be a UUID (8-4-4-4-12 hexadecimal digits)");
        }
        return UUID.fromString(value);
    }

    /**
     * @return the attempt asked for; empty when none is (the latest one then)
     * @throws ProblemException 422 naming {@code attempt}
     */
    static Optional<Integer> attempt(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int attempt;
        try {
            attempt = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField("attempt", "must be a whole number from 1");
        }
        if (attempt < 1) {
            throw ProblemException.invalidField("attempt", "must be 1 or more");
        }
        return Optional.of(attempt);
    }
}
