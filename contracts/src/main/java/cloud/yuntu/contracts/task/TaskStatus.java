package cloud.yuntu.contracts.task;

/**
 * SUBMITTED -> ANALYSING -> QUEUED -> TESTING -> (AWAITING_APPROVAL) -> RENDERING -> COMPLETED,
 * with PAUSED (from QUEUED, TESTING, RENDERING), FAILED and CANCELLED.
 */
public enum TaskStatus {
    SUBMITTED, ANALYSING, QUEUED, TESTING, AWAITING_APPROVAL, RENDERING, PAUSED, COMPLETED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
