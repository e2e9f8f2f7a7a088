package cloud.yuntu.file.asset;

import cloud.yuntu.contracts.task.TaskCompleted;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskFailed;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import cloud.yuntu.file.asset.AssetCheckRequest.Claim;
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

    /** The outcome of a retain. */
    public sealed interface Outcome {
    }

    /** Hold these contents (sorted, once each) for the task. */
    public record Retain(Set<String> sha256s) implements Outcome {
    }

    /** The task holds exactly this content for this owner already: a repeated request, nothing to do. */
    public record Unchanged() implements Outcome {
    }

    /** The task holds other content, or holds it for another owner: a task has one manifest. */
    public record Conflict(String detail) implements Outcome {
    }

    /** The positions of the claims the owner does not hold with that size; nothing is retained. */
    public record NotHeld(List<Integer> entries) implements Outcome {
    }

    private ManifestRule() {
    }

    /**
     * @param claims validated, in request order (a content may be named more than once)
     * @param heldSizes the size of each claimed content the owner holds a reference to (uploaded)
     * @param existing what the task's manifest holds now
     */
    public static Outcome retain(String owner, List<Claim> claims, Map<String, Long> heldSizes,
            List<ManifestEntry> existing) {
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
        Set<String> wanted = claims.stream().map(Claim::sha256).collect(Collectors.toCollection(TreeSet::new));
        if (existing.isEmpty()) {
            return new Retain(wanted);
        }
        Set<String> held = existing.stream().map(entry -> entry.sha256).collect(Collectors.toCollection(TreeSet::new));
        if (existing.stream().anyMatch(entry -> !entry.owner.equals(owner))) {
            return new Conflict("the task's manifest was retained for another owner");
        }
        if (!held.equals(wanted)) {
            return new Conflict("the task's manifest was retained with other content (" + held.size()
                    + " contents); a task has one manifest");
        }
        return new Unchanged();
    }

    /**
     * Whether a task event ends the task, so that its manifest lets go: completed, failed or
     * cancelled. (A retry may bring a completed or failed task back to rendering; its contents
     * are then kept for the retention that started at the end.)
     */
    public static boolean releases(TaskEvent event) {
        return switch (event) {
            case TaskCompleted completed -> true;
            case TaskFailed failed -> true;
            case TaskStatusChanged changed -> changed.to() != null && changed.to().isFinal();
            default -> false;
        };
    }
}
