package cloud.yuntu.contracts.notification;

import cloud.yuntu.contracts.FarmEvent;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.UUID;

/**
 * A message for one user, or for everyone when {@code userId} is null; key userId. {@code title} and
 * {@code message} are for people; {@code taskId} and {@code kind} let a client link and filter
 * without reading them. Both came after the first records of {@code notification.v1}: a record
 * without them reads with null, so a client treats a null or unknown kind as a general message.
 *
 * @param taskId the task it is about; null for a broadcast or anything not about one task
 * @param kind   what happened, one of {@link Kind}'s values (more may come); null in older records
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonTypeName(Notification.TYPE)
public record Notification(UUID id, Instant time, String userId, Level level, String title, String message, UUID taskId,
        String kind) implements FarmEvent {

    public static final String TYPE = "notification.v1";

    public enum Level {
        INFO, WARNING, ERROR
    }

    /** The stable values of {@code kind}. A string, not an enum, so an older reader accepts a newer kind. */
    public static final class Kind {

        /** The task rendered all it could: frames done and failed, duration, final cost. */
        public static final String TASK_COMPLETED = "task.completed";
        /** The task failed; the message gives the reason. */
        public static final String TASK_FAILED = "task.failed";
        /** The test frames rendered; the task waits for its owner's approval (the message gives the estimate). */
        public static final String TASK_AWAITING_APPROVAL = "task.awaiting-approval";
        /** The task's budget pays for no further frame: it is paused until the budget is raised. */
        public static final String TASK_BUDGET_REACHED = "task.budget-reached";
        /** No live render node can take the task's frames. */
        public static final String TASK_STALLED = "task.stalled";
        /** An operator cancelled the owner's task. */
        public static final String TASK_CANCELLED = "task.cancelled";
        /** An operator paused the owner's task. */
        public static final String TASK_PAUSED = "task.paused";
        /** Written by an operator (maintenance, news, a word to one user). */
        public static final String OPERATOR = "operator";

        private Kind() {
        }
    }
}
