package cloud.yuntu.task.scene;

import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.platform.client.FileApi;
import cloud.yuntu.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Reads a scene's metadata from file-service at submission. It is one of the few synchronous
 * calls between services: a task must carry the scene's digests from its first job on, so the
 * agents can verify what they download. The call carries the submitting user's own token
 * (platform's {@code BearerHeaders}), so file-service answers only for a scene that user owns:
 * that is how a task can never be made on somebody else's scene.
 */
@ApplicationScoped
public class SceneCatalog {

    private static final Logger LOG = Logger.getLogger(SceneCatalog.class);

    private final FileApi files;

    public SceneCatalog(@RestClient FileApi files) {
        this.files = files;
    }

    /**
     * @throws ProblemException 422 on field {@code sceneKey} when file-service has no such object
     *         the caller may see, 503 when file-service cannot answer
     */
    public Uni<StoredObject> scene(SceneKey key) {
        return files.object(key.key())
                .onFailure().transform(e -> {
                    if (e instanceof WebApplicationException web && web.getResponse().getStatus() == 404) {
                        return ProblemException.invalidField("sceneKey",
                                "no scene " + key.key() + " of yours in file-service; upload the scene first");
                    }
                    LOG.warnf("file-service did not answer for %s: %s", key.key(), e.toString());
                    return ProblemException.unavailable("file-service cannot be reached to read the scene's metadata; retry later");
                })
                .map(found -> {
                    if (found == null || !key.key().equals(found.key()) || found.sha256() == null || found.xxh64() == null
                            || found.md5() == null) {
                        throw ProblemException.unavailable("file-service answered without the scene's digests");
                    }
                    return found;
                });
    }
}
