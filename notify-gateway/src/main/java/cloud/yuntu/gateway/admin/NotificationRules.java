package cloud.yuntu.gateway.admin;

import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.platform.problem.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What an operator's notification must be before it is published to {@code farm.notifications}:
 * every user's console shows it, so its size is bounded and nothing in it can break a line of a log.
 */
final class NotificationRules {

    static final int MAX_TITLE = 200;
    static final int MAX_MESSAGE = 2000;

    /** The body of {@code POST /api/admin/notifications}; {@code userId} null is everyone. */
    record NotificationRequest(String userId, String level, String title, String message) {
    }

    private NotificationRules() {
    }

    /**
     * @return the notification to publish, with a new id and the time {@code now}
     * @throws ProblemException 422 naming every field at fault
     */
    static Notification accept(NotificationRequest request, UUID id, Instant now) {
        if (request == null) {
            throw ProblemException.unreadable("body", "a JSON object with level, title and message is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (request.userId() != null) {
            if (request.userId().isBlank()) {
                errors.add(new FieldError("userId", "must not be blank (null sends to everyone)"));
            } else if (request.userId().length() > Caller.MAX_ID_LENGTH) {
                errors.add(new FieldError("userId", "must be at most " + Caller.MAX_ID_LENGTH + " characters"));
            } else if (hasControl(request.userId())) {
                errors.add(new FieldError("userId", "must not contain control characters"));
            }
        }
        Notification.Level level = level(request.level());
        if (level == null) {
            errors.add(new FieldError("level", "must be one of " + levels()));
        }
        if (request.title() == null || request.title().isBlank()) {
            errors.add(new FieldError("title", "is required"));
        } else if (length(request.title()) > MAX_TITLE) {
            errors.add(new FieldError("title", "must be at most " + MAX_TITLE + " characters"));
        } else if (hasControl(request.title())) {
            // A title is one line; the message may have line breaks.
            errors.add(new FieldError("title", "must not contain control characters"));
        }
        String message = request.message() == null ? "" : request.message();
        if (length(message) > MAX_MESSAGE) {
            errors.add(new FieldError("message", "must be at most " + MAX_MESSAGE + " characters"));
        } else if (message.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            errors.add(new FieldError("message", "must not contain control characters other than line breaks and tabs"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        // Not about one task: an operator's words, which a client shows as they are.
        return new Notification(id, now, request.userId(), level, request.title().strip(), message, null,
                Notification.Kind.OPERATOR);
    }

    private static Notification.Level level(String name) {
        if (name == null) {
            return null;
        }
        return Arrays.stream(Notification.Level.values()).filter(level -> level.name().equals(name)).findFirst().orElse(null);
    }

    private static String levels() {
        return Arrays.stream(Notification.Level.values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
