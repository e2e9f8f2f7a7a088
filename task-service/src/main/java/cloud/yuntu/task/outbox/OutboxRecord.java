package cloud.yuntu.task.outbox;

/** One row of the outbox, about to be sent. */
public record OutboxRecord(long id, String topic, String key, String payload) {
}
