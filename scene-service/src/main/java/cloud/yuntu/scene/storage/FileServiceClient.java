package cloud.yuntu.scene.storage;

import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.platform.client.FileApi;
import cloud.yuntu.platform.client.PresignRequest;
import cloud.yuntu.platform.client.PresignedUrl;
import cloud.yuntu.platform.client.ServiceCredentials;
import cloud.yuntu.scene.SceneConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Reads scenes from file-service: their stored digest (so a known scene is never downloaded
 * again) and their bytes through a presigned GET, streamed, never buffered whole.
 *
 * <p>The calls to file-service's API go through platform's {@link FileApi}, whose headers carry
 * the token of the user whose request is being served (file-service then applies that user's
 * ownership: another user's key answers 404 like a missing one), or, with no request (a Kafka
 * analysis request), scene-service's own service credential. Blocking: call from worker threads.
 */
@ApplicationScoped
public class FileServiceClient {

    private final SceneConfig config;
    private final FileApi files;
    private final ServiceCredentials credentials;
    private final HttpClient http;

    FileServiceClient(SceneConfig config, @RestClient FileApi files, ServiceCredentials credentials) {
        this.config = config;
        this.files = files;
        this.credentials = credentials;
        this.http = HttpClient.newBuilder().connectTimeout(config.fileServiceTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * The SHA-256 file-service computed when the object was stored; empty if it does not say.
     *
     * @throws StoredSceneMissing no such object, or not one the caller may read
     */
    public Optional<String> sha256(String key) throws IOException {
        StoredObject object = call(files.object(key), key);
        return Optional.ofNullable(object == null ? null : object.sha256()).filter(s -> !s.isBlank());
    }

    /**
     * The scene's bytes; the caller closes the stream.
     *
     * @throws StoredSceneMissing no such object, or not one the caller may read
     */
    public InputStream open(String key) throws IOException, InterruptedException {
        PresignedUrl presigned = call(files.presign(new PresignRequest(key, "GET", null, null)), key);
        if (presigned == null || presigned.url() == null) {
            throw new IOException("file-service presign answer without url");
        }
        HttpResponse<InputStream> download = http.send(HttpRequest.newBuilder(presigned.url()).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (download.statusCode() == 404) {
            download.body().close();
            throw new StoredSceneMissing(key);
        }
        if (download.statusCode() != 200) {
            download.body().close();
            throw new IOException("presigned GET of " + key + " answered " + download.statusCode());
        }
        return download.body();
    }

    private <T> T call(Uni<T> request, String key) throws IOException {
        try {
            return request.await().atMost(config.fileServiceTimeout());
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                throw new StoredSceneMissing(key);
            }
            if (status == 401) {
                // Our own token may have been revoked or expired early: the retry fetches a new one.
                credentials.invalidate();
            }
            throw new IOException("file-service answered " + status + " for " + key, e);
        } catch (ProcessingException | io.smallrye.mutiny.TimeoutException e) {
            throw new IOException("file-service unreachable for " + key + ": " + e.getMessage(), e);
        }
    }

    /** file-service has no object under the key that the caller may read: not worth retrying. */
    public static final class StoredSceneMissing extends IOException {

        public StoredSceneMissing(String key) {
            super("file-service has no object " + key + " that the caller may read");
        }
    }
}
