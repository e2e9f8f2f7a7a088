package cloud.yuntu.platform.problem;

import cloud.yuntu.contracts.problem.Problem;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one mapping of failures to application/problem+json for every service's JAX-RS resources.
 * The plain Vert.x routes (uploads, the gateway's proxy) write the same documents through
 * {@link Problems#end}.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return Problems.response(e);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return Problems.response(ProblemException.invalid(errors));
    }

    /** JSON that does not parse is 400; JSON whose value does not fit a field is 422 naming it. */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                ? m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining("."))
                : "body";
        String message = "cannot be read: " + e.getOriginalMessage();
        if (e instanceof JsonParseException || "body".equals(field)) {
            return Problems.response(ProblemException.unreadable(field, message));
        }
        return Problems.response(ProblemException.invalidField(field, message));
    }

    /** Declared for its own type so that it wins over Quarkus' built-in plain-JSON mapper. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    /** No token, or one that is expired, unsigned, signed by another key or tampered with. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public Response unauthenticated(RuntimeException e) {
        return Problems.response(ProblemException.unauthorized(
                "a valid bearer token is required (Authorization: Bearer <token>, from POST /api/auth/token)"));
    }

    /** A valid caller without the role an operation needs (users on operator endpoints). */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problems.response(ProblemException.forbidden("this operation needs a role the caller does not have"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type != null ? type.getReasonPhrase() : "HTTP " + status;
        return Problems.response(new Problem(URI.create("about:blank"), title, status, e.getMessage(), List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("Unhandled failure", e);
        return Problems.response(new Problem(URI.create(ProblemException.TYPE_BASE + "internal"), "Internal error", 500,
                "the request failed inside " + application() + "; it may be retried", List.of()));
    }

    private static String application() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.application.name", String.class).orElse("the service");
    }

    /** The request property at fault, without the method and parameter names validation puts in front. */
    static String field(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        boolean bean = false;
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD, PARAMETER, CROSS_PARAMETER, RETURN_VALUE -> bean = true;
                default -> {
                    if (!field.isEmpty()) {
                        field.append('.');
                    }
                    field.append(node.getName());
                }
            }
        }
        if (field.isEmpty() && bean) {
            return "body";
        }
        return field.toString();
    }
}
