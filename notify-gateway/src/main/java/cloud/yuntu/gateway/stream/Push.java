package cloud.yuntu.gateway.stream;

import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.contracts.task.TaskCompleted;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskFailed;
import cloud.yuntu.contracts.task.TaskProgress;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * One event on its way to the WebSocket clients, serialised once for all of them.
 *
 * @param eventId  the farm event's id, which a stream numbers once
 * @param event    the envelope's event name, e.g. {@code task:progress}
 * @param data     the event JSON exactly as the contracts write it on the wire
 * @param taskId   the task it concerns, null for notifications
 * @param owner    the user it belongs to (a task's owner, a notification's recipient); besides
 *                 them only admins see it. Null on a task event names nobody: admins only
 * @param everyone a broadcast notification, for every connection that is not watching one task
 */
public record Push(UUID eventId, String event, String data, UUID taskId, String owner, boolean everyone) {

    public static Push of(TaskEvent event) {
        String name = switch (event) {
            case TaskStatusChanged ignored -> "task:status";
            case TaskProgress ignored -> "task:progress";
            case TaskCompleted ignored -> "task:completed";
            case TaskFailed ignored -> "task:failed";
        };
        return new Push(event.id(), name, wireJson(event), event.taskId(), event.userId(), false);
    }

    public static Push of(Notification notification) {
        // A notification without a user is addressed to everybody (maintenance, news).
        return new Push(notification.id(), "notification", wireJson(notification), null, notification.userId(),
                notification.userId() == null);
    }

    private static String wireJson(Object event) {
        try {
            return FarmJson.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write " + event.getClass().getSimpleName(), e);
        }
    }
}
