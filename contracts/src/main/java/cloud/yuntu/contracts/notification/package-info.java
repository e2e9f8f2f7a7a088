/**
 * Messages to people on {@code farm.notifications} (key: the user id; none for a broadcast), which the
 * gateway numbers into each user's stream as {@code notification} events.
 *
 * <p>{@link cloud.yuntu.contracts.notification.Notification} ({@code notification.v1}): {@code id},
 * {@code time}, {@code userId} (null: everyone), {@code level} ({@code INFO}, {@code WARNING},
 * {@code ERROR}), {@code title} (one short line) and {@code message} for reading, and two fields for
 * clients to act on without reading the text:
 * <ul>
 *   <li>{@code taskId}: the task it is about, to link to; null for broadcasts and operators' messages.
 *   <li>{@code kind}: what happened, a short stable string to filter and style by:
 *       {@code task.completed}, {@code task.failed}, {@code task.awaiting-approval},
 *       {@code task.budget-reached}, {@code task.stalled}, {@code task.cancelled}, {@code task.paused}
 *       (all from task-service, to the task's owner) and {@code operator} (the gateway's
 *       {@code POST /api/admin/notifications}). New kinds may be added without a new version.
 * </ul>
 * Both fields were added to {@code notification.v1} compatibly: records written before them read with
 * null, and an older reader ignores them. A client shows a notification with a null or unknown kind by
 * its title and message.
 */
package cloud.yuntu.contracts.notification;
