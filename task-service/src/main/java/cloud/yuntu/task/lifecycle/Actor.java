package cloud.yuntu.task.lifecycle;

import cloud.yuntu.platform.identity.Caller;

/** Who moved a task: its owner is not told of their own doing, but is told of an operator's. */
public enum Actor {
    /** The task's owner, through the API. */
    OWNER,
    /** Someone else allowed to touch every task: an operator (or a service acting for one). */
    OPERATOR,
    /** The farm itself: the analysis, the frames' reports, the dispatcher. */
    FARM;

    /** Who {@code caller} is to {@code task}. */
    public static Actor of(Caller caller, Task task) {
        return caller.id().equals(task.userId()) ? OWNER : OPERATOR;
    }
}
