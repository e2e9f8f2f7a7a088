package cloud.yuntu.contracts.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;

/**
 * The body of every error answer of Yuntu's HTTP APIs: RFC 7807 {@code application/problem+json},
 * with the fields at fault in {@code errors} so a client can mark them.
 *
 * @param offset byte offset in an uploaded file where reading stopped, for parse errors only
 */
public record Problem(URI type, String title, int status, String detail, List<FieldError> errors,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Long offset) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(URI type, String title, int status, String detail, List<FieldError> errors) {
        this(type, title, status, detail, errors, null);
    }

    public record FieldError(String field, String message) {
    }
}
