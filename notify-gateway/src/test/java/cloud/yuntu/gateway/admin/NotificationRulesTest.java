package cloud.yuntu.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.gateway.admin.NotificationRules.NotificationRequest;
import cloud.yuntu.platform.problem.ProblemException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotificationRulesTest {

    private static final UUID ID = UUID.randomUUID();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aValidNotificationBecomesTheContractsEvent() {
        Notification notification = NotificationRules.accept(
                new NotificationRequest("alice", "WARNING", " Quota ", "90% used\nof your budget"), ID, NOW);
        assertThat(notification).isEqualTo(
                new Notification(ID, NOW, "alice", Notification.Level.WARNING, "Quota", "90% used\nof your budget", null,
                        Notification.Kind.OPERATOR));
    }

    @Test
    void withoutAUserItIsABroadcastAndTheMessageMayBeLeftOut() {
        Notification notification = NotificationRules.accept(new NotificationRequest(null, "INFO", "Maintenance", null), ID, NOW);
        assertThat(notification.userId()).isNull();
        assertThat(notification.message()).isEmpty();
    }

    @Test
    void theLimitsAreInclusive() {
        Notification notification = NotificationRules.accept(
                new NotificationRequest("u".repeat(255), "ERROR", "t".repeat(200), "m".repeat(2000)), ID, NOW);
        assertThat(notification.title()).hasSize(200);
        // Characters, not UTF-16 units: 200 emoji are 200 characters.
        NotificationRules.accept(new NotificationRequest(null, "INFO", "\uD83D\uDE80".repeat(200), null), ID, NOW);
    }

    @Test
    void theTitleIsRequiredOneLineAndAtMost200Characters() {
        assertInvalid(new NotificationRequest(null, "INFO", null, "m"), "title", "is required");
        assertInvalid(new NotificationRequest(null, "INFO", "  ", "m"), "title", "is required");
        assertInvalid(new NotificationRequest(null, "INFO", "t".repeat(201), "m"), "title", "must be at most 200 characters");
        assertInvalid(new NotificationRequest(null, "INFO", "two\nlines", "m"), "title", "must not contain control characters");
    }

    @Test
    void theMessageIsAtMost2000CharactersWithoutControlCharactersButLineBreaks() {
        assertInvalid(new NotificationRequest(null, "INFO", "t", "m".repeat(2001)), "message", "must be at most 2000 characters");
        assertInvalid(new NotificationRequest(null, "INFO", "t", "bell\u0007"), "message",
                "must not contain control characters other than line breaks and tabs");
    }

    @Test
    void theLevelIsOneOfTheContracts() {
        for (String level : new String[] {null, "", "DEBUG", "info"}) {
            assertInvalid(new NotificationRequest(null, level, "t", "m"), "level", "must be one of INFO, WARNING, ERROR");
        }
    }

    @Test
    void aUserIdIsNotBlankAtMost255CharactersWithoutControlCharacters() {
        assertInvalid(new NotificationRequest("", "INFO", "t", "m"), "userId", "must not be blank (null sends to everyone)");
        assertInvalid(new NotificationRequest("u".repeat(256), "INFO", "t", "m"), "userId", "must be at most 255 characters");
        assertInvalid(new NotificationRequest("alice\r\nbob", "INFO", "t", "m"), "userId", "must not contain control characters");
    }

    @Test
    void everyFieldAtFaultIsNamedAtOnce() {
        ProblemException problem = catchThrowableOfType(ProblemException.class,
                () -> NotificationRules.accept(new NotificationRequest("", "LOUD", null, "m".repeat(2001)), ID, NOW));
        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.problem().errors()).extracting(FieldError::field).containsExactly("userId", "level", "title", "message");
    }

    @Test
    void noBodyIsUnreadable() {
        ProblemException problem = catchThrowableOfType(ProblemException.class, () -> NotificationRules.accept(null, ID, NOW));
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.problem().errors()).extracting(FieldError::field).containsExactly("body");
    }

    private static void assertInvalid(NotificationRequest request, String field, String message) {
        ProblemException problem = catchThrowableOfType(ProblemException.class, () -> NotificationRules.accept(request, ID, NOW));
        assertThat(problem).as("%s refused", request).isNotNull();
        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.problem().errors()).containsExactly(new FieldError(field, message));
    }
}
