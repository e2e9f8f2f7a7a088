package cloud.yuntu.task.lifecycle;

/** Why a task is PAUSED: its resume differs. */
public enum PauseCause {
    /** The user (or an operator) paused it; resume goes on. */
    USER,
    /** Its budget pays for no further frame; raising the budget resumes it. */
    BUDGET
}
