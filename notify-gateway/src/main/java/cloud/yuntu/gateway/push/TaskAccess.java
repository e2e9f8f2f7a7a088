package cloud.yuntu.gateway.push;

import cloud.yuntu.platform.identity.Caller;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a connection following one task may be shown the task's live log: admins and services
 * always, a user only when the task is theirs (platform's {@link Caller#maySee}). A log batch names
 * no owner, so the owner is looked up (the gateway records it from the task events it numbers)
 * once per connection, and again at most every {@code recheck} while it is not known: the task's
 * first events may be numbered just after the connection opened. A known owner is kept: a task
 * never changes hands. A pure rule, not thread-safe: {@link Subscriber} guards it.
 */
final class TaskAccess {

    enum Verdict {
        /** The caller may see the task. */
        SHOWN,
        /** The task is another user's: never shown, like a task that does not exist. */
        HIDDEN,
        /** Not known yet whose the task is: not shown until it is. */
        UNKNOWN
    }

    private final Caller caller;
    private final Duration recheck;
    private String owner;
    private boolean asking;
    private Instant lastAsked;

    TaskAccess(Caller caller, Duration recheck) {
        this.caller = caller;
        this.recheck = recheck;
    }

    Verdict verdict() {
        if (caller.seesEverything()) {
            return Verdict.SHOWN;
        }
        if (owner == null) {
            return Verdict.UNKNOWN;
        }
        return caller.maySee(owner) ? Verdict.SHOWN : Verdict.HIDDEN;
    }

    /**
     * Whether the owner must be looked up now: not known, no lookup under way, none within the
     * recheck interval. Saying yes counts as asking.
     */
    boolean asks(Instant now) {
        if (caller.seesEverything() || owner != null || asking
                || (lastAsked != null && now.isBefore(lastAsked.plus(recheck)))) {
            return false;
        }
        asking = true;
        lastAsked = now;
        return true;
    }

    /** The lookup's answer: the owner, or null when it is still unknown (or could not be read). */
    void answered(String found) {
        asking = false;
        if (found != null && owner == null) {
            owner = found;
        }
    }

    /**
     * An event of the task reached the caller's stream. A user's holds only their own tasks' events:
     * the task is theirs, known without asking. (The farm's, an admin's, holds everybody's.)
     */
    void eventInCallersStream() {
        if (!caller.seesEverything()) {
            owner = caller.id();
        }
    }
}
