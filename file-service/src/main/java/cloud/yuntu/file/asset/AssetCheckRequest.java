package cloud.yuntu.file.asset;

import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.platform.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /api/assets/check}: the contents a client is about to need, each by digest and size. */
public record AssetCheckRequest(List<Claim> assets) {

    /** A request of thousands of bad claims is answered with the first ones, not a document as large. */
    static final int MAX_REPORTED = 100;

    /** One file of the client's project as the client describes it; only an upload proves it. */
    public record Claim(String sha256, Long size) {
    }

    /**
     * Every field that cannot be accepted, named by its place in the request ({@code assets[3].sha256}).
     *
     * @param maxAssets most claims one request may hold
     * @param maxSize largest object storage accepts: a claim above it can never be uploaded
     */
    public List<FieldError> problems(int maxAssets, long maxSize) {
        return problems(assets, maxAssets, maxSize);
    }

    /** The rules of a list of claims, shared by every request that carries one (checks and manifests). */
    static List<FieldError> problems(List<Claim> assets, int maxAssets, long maxSize) {
        if (assets == null || assets.isEmpty()) {
            return List.of(new FieldError("assets", "must name at least one asset"));
        }
        if (assets.size() > maxAssets) {
            return List.of(new FieldError("assets", "must name at most " + maxAssets + " assets, not " + assets.size()));
        }
        List<FieldError> problems = new ArrayList<>();
        for (int i = 0; i < assets.size() && problems.size() < MAX_REPORTED; i++) {
            Claim claim = assets.get(i);
            String at = "assets[" + i + "]";
            if (claim == null) {
                problems.add(new FieldError(at, "must be an object with sha256 and size"));
                continue;
            }
            if (!AssetKeys.validSha256(claim.sha256())) {
                problems.add(new FieldError(at + ".sha256", AssetKeys.SHA256_RULE));
            }
            if (claim.size() == null) {
                problems.add(new FieldError(at + ".size", "is required"));
            } else if (claim.size() < 0) {
                problems.add(new FieldError(at + ".size", "must not be negative"));
            } else if (claim.size() > maxSize) {
                problems.add(new FieldError(at + ".size", "must be at most " + maxSize + " bytes"));
            }
        }
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
