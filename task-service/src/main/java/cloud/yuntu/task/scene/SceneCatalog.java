package cloud.yuntu.task.scene;

import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.task.TaskConfig;
import cloud.yuntu.task.problem.ProblemException;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Reads a scene's metadata from file-service at submission. It is one of the few synchronous
 * calls between services: a task must carry the scene's digests from its first job on, so the
 * agents can verify what they download.
 */
@ApplicationScoped
public class SceneCatalog {

    private static final Logger LOG = Logger.getLogger(SceneCatalog.class);

    private final FileServiceApi files;

    public SceneCatalog(TaskConfig config) {
        this.files = QuarkusRestClientBuilder.newBuilder()
                .baseUri(config.fileServiceUrl())
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(15, TimeUnit.SECONDS)
                .build(FileServiceApi.class);
    }

    /**
     * @throws ProblemException 422 on field {@code sceneKey} when file-service has no such object,
     *         503 when file-service cannot answer
     */
    public Uni<StoredObject> scene(SceneKey key) {
        return files.object(key.key())
                .onFailure().transform(e -> {
                    if (e instanceof WebApplicationException web && web.getResponse().getStatus() == 404) {
                        return ProblemException.invalidField("sceneKey", "no object " + key.key() + " in file-service; upload the scene first");
                    }
                    LOG.warnf(e, "file-service did not answer for %s", key.key());
                    return ProblemException.unavailable("file-service cannot be reached to read the scene's metadata; retry later");
                })
                .map(found -> {
                    if (found == null || found.sha256() == null || found.xxh64() == null || found.md5() == null) {
                        throw ProblemException.unavailable("file-service answered without the scene's digests");
                    }
                    return found;
                });
    }
}
