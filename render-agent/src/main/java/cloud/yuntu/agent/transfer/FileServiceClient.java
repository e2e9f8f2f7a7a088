package cloud.yuntu.agent.transfer;

import cloud.yuntu.agent.AgentConfig;
import cloud.yuntu.platform.client.FileApi;
import cloud.yuntu.platform.client.PresignRequest;
import cloud.yuntu.platform.client.PresignedUrl;
import cloud.yuntu.platform.client.ServiceCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.net.http.HttpClient;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The agent's calls to file-service. Presigning goes through platform's {@link FileApi}, which
 * carries this agent's own bearer token ({@code yuntu.credentials.*}); each request also carries
 * the grant of the job it serves, the only thing that lets an agent reach an object at all. The
 * bytes themselves stream over the presigned URLs with the JDK client ({@link #http()}), which
 * reads files from disk as it sends and writes downloads to disk as they arrive.
 */
@ApplicationScoped
public class FileServiceClient {

    private final AgentConfig config;
    private final FileApi files;
    private final ServiceCredentials credentials;
    private final HttpClient http;

    FileServiceClient(AgentConfig config, @RestClient FileApi files, ServiceCredentials credentials) {
        this.config = config;
        this.files = files;
        this.credentials = credentials;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.transfer().requestTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The client for presigned GETs and PUTs; they carry their own signature, no token. */
    public HttpClient http() {
        return http;
    }

    /**
     * An absolute URL for {@code method} on {@code key}.
     *
     * @param grant the job's grant ({@code FrameJob.grant}); without one file-service answers 404
     * @throws TransferFailed retryable for 401 (the token is fetched again), 408, 429, 5xx and an
     *         unreachable file-service; not retryable for any other refusal (the grant does not
     *         cover the key, or there is no such object), which no later attempt changes
     */
    public URI presign(String key, String method, String grant) throws TransferFailed {
        return presign(new PresignRequest(key, method, config.transfer().presignExpiry().toSeconds(), grant));
    }

    /**
     * A single-use URL for one PUT of exactly {@code size} bytes hashing to {@code sha256} to {@code key}:
     * file-service stores nothing else with it. Refusals as for {@link #presign(String, String, String)}.
     */
    public URI presignUpload(String key, long size, String sha256, String grant) throws TransferFailed {
        return presign(PresignRequest.upload(key, size, sha256, config.transfer().presignExpiry().toSeconds(), grant));
    }

    private URI presign(PresignRequest request) throws TransferFailed {
        String what = "Presign " + request.method() + " " + request.key();
        try {
            PresignedUrl answer = files.presign(request).await().atMost(config.transfer().requestTimeout());
            if (answer == null || answer.url() == null) {
                throw new TransferFailed(what + " answered without a URL", true, null);
            }
            return answer.url();
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 401) {
                // Expired early or revoked: the next attempt fetches a fresh token.
                credentials.invalidate();
            }
            if (TransferFailed.unavailableStatus(status)) {
                throw TransferFailed.unavailable(what + " answered " + status + ": " + e.getMessage(), e);
            }
            boolean retryable = status == 401 || status == 408 || status == 429 || status >= 500;
            throw new TransferFailed(what + " answered " + status + ": " + e.getMessage(), retryable, e);
        } catch (io.smallrye.mutiny.TimeoutException e) {
            throw TransferFailed.unavailable(what + " got no answer within " + config.transfer().requestTimeout(), e);
        } catch (ProcessingException e) {
            // Not reaching file-service, or an answer that could not be read (which counts as a failed attempt).
            throw unreachable(e) ? TransferFailed.unavailable(what + " failed: " + e, e)
                    : new TransferFailed(what + " failed: " + e, true, e);
        } catch (RuntimeException e) {
            // The reactive client reports a refused connection as a CompletionException around it.
            if (unreachable(e)) {
                throw TransferFailed.unavailable(what + " failed: " + e, e);
            }
            throw e;
        }
    }

    /** Whether {@code failure} comes from not reaching the other end at all (refused, reset, timed out). */
    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
