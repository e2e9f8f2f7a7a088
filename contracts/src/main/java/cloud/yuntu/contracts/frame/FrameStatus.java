package cloud.yuntu.contracts.frame;

/** WAITING -> DISPATCHED -> RUNNING -> SUCCEEDED, or FAILED -> WAITING until maxAttempts, then DEAD. */
public enum FrameStatus {
    WAITING, DISPATCHED, RUNNING, SUCCEEDED, FAILED, DEAD, CANCELLED, SKIPPED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == DEAD || this == CANCELLED || this == SKIPPED;
    }
}
