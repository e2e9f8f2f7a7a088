package cloud.yuntu.file.asset;

import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.file.asset.AssetCheckRequest.Claim;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.problem.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code PUT /api/assets/manifests/{taskId}}: the contents a task of {@code owner} uses, each by
 * digest and size, as the service submitting the task lists them (in the task's own order, so a
 * refusal names the task's entries by their place). {@code heldFrom}, optional: when that service
 * decided the hold (the submission, or the retry of an ended task), in the clock of its task events;
 * a retain at or before an end of the task seen already holds nothing, and an end releases only
 * what was held before it. Without it, the next end of the task releases the hold.
 */
public record ManifestRequest(String owner, List<Claim> assets, Instant heldFrom) {

    public ManifestRequest(String owner, List<Claim> assets) {
        this(owner, assets, null);
    }

    /** Every field that cannot be accepted: {@code owner}, and the claims as in a check. */
    public List<FieldError> problems(int maxAssets, long maxSize) {
        List<FieldError> problems = new ArrayList<>();
        if (owner == null || owner.isBlank()) {
            problems.add(new FieldError("owner", "is required: the user id of the task's owner"));
        } else if (owner.length() > Caller.MAX_ID_LENGTH) {
            problems.add(new FieldError("owner", "must be at most " + Caller.MAX_ID_LENGTH + " characters"));
        } else if (owner.chars().anyMatch(Character::isISOControl)) {
            problems.add(new FieldError("owner", "must not contain control characters"));
        }
        problems.addAll(AssetCheckRequest.problems(assets, maxAssets, maxSize));
        return problems;
    }

    /** @throws ProblemException 422 naming every field at fault */
    public void validate(int maxAssets, long maxSize) {
        List<FieldError> problems = problems(maxAssets, maxSize);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
    }
}
