package cloud.yuntu.file.asset;

import cloud.yuntu.contracts.task.TaskCompleted;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskFailed;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import cloud.yuntu.file.asset.AssetCheckRequest.Claim;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What retaining a task's manifest does, decided from what the owner holds and what the task's
 * manifest holds already; and which task events release it. Pure: {@link ManifestReferences}
 * applies it inside the transaction that read its inputs.
 */
public final class ManifestRule {

    /**
     * What a task's manifest holds now, summarised by the database in one row however large the
     * project: no 20,000 rows are read to compare two manifests.
     *
     * @param entries how many contents it holds
     * @param ofWanted how many of them are among the contents a retain names
     * @param owners the owners its rows name (one, or none when empty)
     * @param latestHeldFrom the latest time a hold was decided, null when none said
     */
    public record Held(long entries, long ofWanted, Set<String> owners, Instant latestHeldFrom) {

        /** A task whose manifest holds nothing. */
        public static final Held NONE = new Held(0, 0, Set.of(), null);

        /** Whether it holds exactly these contents (of which {@code ofWanted} were counted). */
        boolean holdsExactly(Set<String> wanted) {
            return entries == wanted.size() && ofWanted == wanted.size();
        }
    }

    /** The outcome of a retain. */
    public sealed interface Outcome {
    }

    /** Hold these contents (sorted, once each) for the task. */
    public record Retain(Set<String> sha256s) implements Outcome {
    }

    /** The task holds exactly this content for this owner already: a repeated request, nothing to do. */
    public record Unchanged() implements Outcome {
    }

    /**
     * The task holds exactly this content for this owner, decided earlier: the hold now counts from
     * {@code heldFrom} (a retry whose retain overtook the end of the task's previous run, which
     * must then not release it).
     */
    public record Renew(Instant heldFrom) implements Outcome {
    }

    /**
     * The retain was decided at or before an end of the task already seen: a copy delayed past the
     * task's life (or its run). Nothing is held; nothing would ever release it.
     */
    public record AfterEnd(Instant endedAt) implements Outcome {
    }

    /** The task holds other content, or holds it for another owner: a task has one manifest. */
    public record Conflict(String detail) implements Outcome {
    }

    /** The positions of the claims the owner does not hold with that size; nothing is retained. */
    public record NotHeld(List<Integer> entries) implements Outcome {
    }

    private ManifestRule() {
    }

    /** A retain without {@code heldFrom}, of a task whose end was not seen. */
    public static Outcome retain(String owner, List<Claim> claims, Map<String, Long> heldSizes, Held existing) {
        return retain(owner, claims, heldSizes, existing, null, null);
    }

    /**
     * @param claims validated, in request order (a content may be named more than once)
     * @param heldSizes the size of each claimed content the owner holds a reference to (uploaded)
     * @param existing what the task's manifest holds now, counted against the claimed contents
     * @param heldFrom when the task's service decided the hold (the clock of the task events); null
     *        when the request does not say, so it is held until the next end whenever it arrives
     * @param endedAt the latest end of the task seen on the task events; null when none was
     */
    public static Outcome retain(String owner, List<Claim> claims, Map<String, Long> heldSizes,
            Held existing, Instant heldFrom, Instant endedAt) {
        List<Integer> notHeld = new ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
            Claim claim = claims.get(i);
            if (!Objects.equals(heldSizes.get(claim.sha256()), claim.size())) {
                notHeld.add(i);
            }
        }
        if (!notHeld.isEmpty()) {
            return new NotHeld(List.copyOf(notHeld));
        }
        if (heldFrom != null && endedAt != null && !heldFrom.isAfter(endedAt)) {
            return new AfterEnd(endedAt);
        }
        Set<String> wanted = claims.stream().map(Claim::sha256).collect(Collectors.toCollection(TreeSet::new));
        if (existing.entries() == 0) {
            return new Retain(wanted);
        }
        if (!existing.owners().equals(Set.of(owner))) {
            return new Conflict("the task's manifest was retained for another owner");
        }
        if (!existing.holdsExactly(wanted)) {
            return new Conflict("the task's manifest was retained with other content (" + existing.entries()
                    + " contents); a task has one manifest");
        }
        Instant heldBefore = existing.latestHeldFrom();
        if (heldFrom != null && (heldBefore == null || heldFrom.isAfter(heldBefore))) {
            return new Renew(heldFrom);
        }
        return new Unchanged();
    }

    /**
     * Whether an end of the task at {@code endedAt} lets go of a hold decided at {@code heldFrom}:
     * yes unless the hold was decided after it (a retry's hold outlives a redelivered or late end of
     * the run before it). A hold that does not say when it was decided ends with any end.
     */
    public static boolean endReleases(Instant heldFrom, Instant endedAt) {
        return heldFrom == null || endedAt == null || !heldFrom.isAfter(endedAt);
    }

    /**
     * Whether a task event ends the task, so that its manifest lets go: completed, failed or
     * cancelled. (A retry may bring a completed or failed task back to rendering; the service
     * retrying it retains the manifest again first, see {@link #retain}.)
     */
    public static boolean releases(TaskEvent event) {
        return switch (event) {
            case TaskCompleted completed -> true;
            case TaskFailed failed -> true;
            case TaskStatusChanged changed -> changed.to() != null && changed.to().isFinal();
            default -> false;
        };
    }

    /**
     * Whether a task event brings the task to run again (a status change to a status that is not an
     * end, such as a retry's): a hold decided before it, after the task's last end, was not orphaned.
     */
    public static boolean reopens(TaskEvent event) {
        return event instanceof TaskStatusChanged changed && changed.to() != null && !changed.to().isFinal();
    }
}
