package cloud.yuntu.task.project;

import cloud.yuntu.contracts.frame.SceneManifest;
import cloud.yuntu.contracts.problem.Problem;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.platform.client.FileApi;
import cloud.yuntu.platform.client.ManifestRequest;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.task.auth.OwnCredential;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Has file-service hold a task's project files from its submission until it ends, so the sweep of
 * unused assets cannot remove the files of a task still waiting for an agent. Called before the
 * task is committed: file-service checks that the owner uploaded every file with exactly that size,
 * and a refusal becomes the submission's own 422. A submission that fails after this leaves a
 * manifest of a task that never existed, which file-service releases after
 * {@code yuntu.file.assets.orphan-manifest-after}. A retry that brings an ended task back to
 * rendering holds them again the same way, since the end released them. Each retain says when it was
 * decided ({@code heldFrom}, this service's clock, the clock of the task events), so file-service
 * holds nothing for a copy delayed past an end of the task it has seen.
 */
@ApplicationScoped
public class TaskManifests {

    private static final Logger LOG = Logger.getLogger(TaskManifests.class);
    private static final Pattern ENTRY = Pattern.compile("assets\\[(\\d+)]\\.sha256");

    private final FileApi files;
    private final OwnCredential credential;

    TaskManifests(@RestClient FileApi files, OwnCredential credential) {
        this.files = files;
        this.credential = credential;
    }

    /**
     * @param assets the task's project files in the submitted order (a retry: in path order); nothing
     *        is called without any
     * @param heldFrom the submission's or the retry's instant, before any event it causes
     * @throws ProblemException (as the Uni's failure) 422 naming {@code assets[i].sha256} for every file
     *         the owner has not uploaded with that size, 503 when file-service cannot answer
     */
    public Uni<Void> retain(UUID taskId, String owner, List<SceneManifest.Asset> assets, Instant heldFrom) {
        if (assets == null || assets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ManifestRequest request = new ManifestRequest(owner, assets.stream()
                .map(asset -> new ManifestRequest.Content(asset.object().sha256(), asset.object().size()))
                .toList(), heldFrom);
        // The call goes with task-service's own credential: only services may hold files for a task.
        return credential.authorization()
                .chain(authorization -> files.retainManifest(authorization, taskId, request))
                .onFailure(e -> !(e instanceof ProblemException)).transform(e -> {
                    if (e instanceof WebApplicationException web) {
                        int status = web.getResponse().getStatus();
                        return refusal(status, problemOf(web), assets);
                    }
                    LOG.warnf("file-service cannot be reached to hold the files of task %s: %s", taskId, e.toString());
                    return unavailable();
                });
    }

    /**
     * The submission's answer to file-service's refusal: its 422 for files the owner has not
     * uploaded, by their place in the submitted list; anything else means file-service could not
     * hold the files now, 503.
     */
    static ProblemException refusal(int status, Problem problem, List<SceneManifest.Asset> assets) {
        if (status == 422 && problem != null && problem.errors() != null) {
            List<FieldError> notUploaded = new ArrayList<>();
            for (FieldError error : problem.errors()) {
                Matcher entry = ENTRY.matcher(error.field() == null ? "" : error.field());
                if (!entry.matches() || Integer.parseInt(entry.group(1)) >= assets.size()) {
                    notUploaded.clear();
                    break;
                }
                SceneManifest.Asset asset = assets.get(Integer.parseInt(entry.group(1)));
                notUploaded.add(new FieldError(error.field(), "no file of yours with this SHA-256 and size "
                        + asset.object().size() + " was uploaded: upload it with PUT /api/assets/"
                        + asset.object().sha256() + " first"));
            }
            if (!notUploaded.isEmpty()) {
                return ProblemException.invalid(notUploaded);
            }
        }
        LOG.warnf("file-service refused to hold a task's files: %d %s", status,
                problem == null || problem.detail() == null ? "" : problem.detail());
        return unavailable();
    }

    private static Problem problemOf(WebApplicationException web) {
        try {
            return web.getResponse().readEntity(Problem.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static ProblemException unavailable() {
        return ProblemException.unavailable("file-service cannot hold the task's project files now; retry later");
    }
}
