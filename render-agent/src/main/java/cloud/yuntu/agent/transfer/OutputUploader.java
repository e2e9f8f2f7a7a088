package cloud.yuntu.agent.transfer;

import cloud.yuntu.agent.AgentConfig;
import cloud.yuntu.agent.render.LogText;
import cloud.yuntu.contracts.digest.ContentDigest;
import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.json.FarmJson;
import jakarta.enterprise.context.ApplicationScoped;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Uploads everything a render left in its render directory, subfolders included. Each file is hashed
 * before its upload URL is asked for, since file-service binds the URL to the exact size and SHA-256
 * and stores nothing else with it; the digests file-service computed while writing must equal ours.
 * A mismatch or a 5xx is retried with backoff (hashing again), a bounded number of times.
 */
@ApplicationScoped
public class OutputUploader {

    private static final Logger LOG = Logger.getLogger(OutputUploader.class);
    /** Maya's {@code <prefix>.<frame>.<ext>}. */
    private static final Pattern FRAME_NUMBER = Pattern.compile("\\.(-?\\d+)\\.[^.]+$");
    /** The answer's digest of what the key holds (RFC 9530), on a 409 of a confirmed result. */
    static final String REPR_DIGEST = "Repr-Digest";
    private static final Pattern SHA256_MEMBER = Pattern.compile("(?:^|,)\\s*sha-256=:([A-Za-z0-9+/=]+):");

    private final AgentConfig config;
    private final FileServiceClient fileService;

    OutputUploader(AgentConfig config, FileServiceClient fileService) {
        this.config = config;
        this.fileService = fileService;
    }

    /**
     * Uploads every image under {@code renderDir}, in subfolders too, each at {@code keyPrefix} + its
     * path relative to {@code renderDir}, which is also the output's {@code fileName}. Every path is
     * checked before the first byte is sent ({@link OutputPaths}), so a refused one uploads nothing.
     *
     * @param grant the job's grant, presented with every presign: it allows writing below the
     *        job's {@code keyPrefix} and nowhere else
     * @param fallbackFrame the frame of files whose name carries no number
     */
    public List<FrameOutput> uploadAll(Path renderDir, String keyPrefix, String grant, int fallbackFrame)
            throws IOException, InterruptedException, TransferFailed {
        return uploadAll(renderDir, outputsOf(renderDir), keyPrefix, grant, fallbackFrame);
    }

    /**
     * Uploads {@code outputs}, paths relative to {@code renderDir} as {@link #outputsOf} lists them
     * (and has checked them), the same way as {@link #uploadAll(Path, String, String, int)}.
     */
    public List<FrameOutput> uploadAll(Path renderDir, List<String> outputs, String keyPrefix, String grant,
                                       int fallbackFrame) throws IOException, InterruptedException, TransferFailed {
        List<FrameOutput> uploaded = new ArrayList<>();
        for (String relative : outputs) {
            Path file = renderDir.resolve(relative);
            StoredObject stored = upload(file, keyPrefix + relative, grant);
            uploaded.add(new FrameOutput(frameOf(file.getFileName().toString(), fallbackFrame), relative, stored));
        }
        return uploaded;
    }

    /**
     * The paths, relative to {@code renderDir} with {@code /} separators, of the files to upload.
     * Links are not followed: a renderer writes images, and a link could point anywhere on the node.
     *
     * @throws TransferFailed (retryable: the job's own prefix was checked before it ran, so such a
     *         file is the renderer's doing and may not be there next time) for a path that may not be uploaded
     */
    public static List<String> outputsOf(Path renderDir) throws IOException, TransferFailed {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(renderDir)) {
            entries = walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
        List<String> relatives = new ArrayList<>();
        for (Path entry : entries) {
            String relative = renderDir.relativize(entry).toString().replace(entry.getFileSystem().getSeparator(), "/");
            Optional<String> problem = Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)
                    ? OutputPaths.problem(relative) : Optional.of("not a regular file");
            if (problem.isPresent()) {
                throw new TransferFailed("output " + LogText.escape(relative) + " is not uploaded: " + problem.get()
                        + "; nothing of this frame was uploaded", true, null);
            }
            relatives.add(relative);
        }
        return relatives;
    }

    static int frameOf(String fileName, int fallback) {
        Matcher m = FRAME_NUMBER.matcher(fileName);
        return m.find() ? Integer.parseInt(m.group(1)) : fallback;
    }

    StoredObject upload(Path file, String key, String grant) throws IOException, InterruptedException, TransferFailed {
        TransferAttempts attempts = new TransferAttempts(config.transfer().uploadAttempts(), config.transfer().retryBackoff(),
                config.transfer().unavailablePatience());
        while (true) {
            TransferFailed failed;
            try {
                return uploadOnce(file, key, grant);
            } catch (TransferFailed e) {
                failed = e;
            } catch (IOException | UncheckedIOException e) {
                failed = new TransferFailed("Upload of " + key + " failed: " + e, true, e);
            }
            Optional<Duration> wait = attempts.after(failed, Instant.now());
            if (wait.isEmpty()) {
                throw failed;
            }
            LOG.warnf("Upload of %s failed (%s; %d of %d counted attempts), trying again in %d ms: %s", key,
                    failed.unavailable() ? "file-service unavailable" : "attempt failed", attempts.counted(),
                    config.transfer().uploadAttempts(), wait.get().toMillis(), failed.getMessage());
            Thread.sleep(wait.get().toMillis());
        }
    }

    /**
     * Hashes the file (size and digests; one read besides the image check's), presigns a PUT bound to
     * them, sends the file, and checks what file-service stored against the hash. A 409 naming a
     * confirmed result (a frame whose completion another attempt already reported) means done when its
     * {@code Repr-Digest} is this file's SHA-256, and a failure for good otherwise: a confirmed result
     * is never replaced.
     */
    private StoredObject uploadOnce(Path file, String key, String grant)
            throws IOException, InterruptedException, TransferFailed {
        ContentDigest.Digests own;
        try (InputStream in = Files.newInputStream(file)) {
            own = ContentDigest.of(in);
        }
        URI url = fileService.presignUpload(key, own.size(), own.sha256(), grant);
        HttpRequest request = HttpRequest.newBuilder(url)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = fileService.http().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // The file was read whole already (hashed above): what failed is the far end, gone or going.
            throw TransferFailed.unavailable("PUT " + key + " failed: " + e, e);
        }
        int status = response.statusCode();
        if (status == 409) {
            return alreadyConfirmed(key, own, response);
        }
        if (TransferFailed.unavailableStatus(status)) {
            throw TransferFailed.unavailable("PUT " + key + " answered " + status + ": " + detail(response), null);
        }
        if (status != 200) {
            // 403: expired on the way; 413 and 422: the file changed after it was hashed (it is hashed again).
            throw new TransferFailed("PUT " + key + " answered " + status + ": " + detail(response),
                    status >= 500 || status == 408 || status == 403 || status == 413 || status == 422, null);
        }
        StoredObject stored = FarmJson.mapper().readValue(response.body(), StoredObject.class);
        if (stored.size() != own.size() || !own.sha256().equals(stored.sha256())
                || !own.xxh64().equals(stored.xxh64()) || !own.md5().equals(stored.md5())) {
            throw new TransferFailed("Digest mismatch for " + key + ": sent " + own + ", file-service stored "
                    + stored, true, null);
        }
        return own.as(stored.key() == null ? key : stored.key());
    }

    private static StoredObject alreadyConfirmed(String key, ContentDigest.Digests own, HttpResponse<byte[]> response)
            throws TransferFailed {
        Optional<String> confirmed = response.headers().firstValue(REPR_DIGEST).flatMap(OutputUploader::sha256Of);
        if (confirmed.isEmpty()) {
            throw new TransferFailed("PUT " + key + " answered 409: " + detail(response), false, null);
        }
        if (!confirmed.get().equals(own.sha256())) {
            throw new ResultConfirmedOtherwise(key + " is already a confirmed result with other content (SHA-256 "
                    + confirmed.get() + ", this attempt's " + own.sha256() + "); a confirmed result is never replaced");
        }
        LOG.infof("%s is already confirmed with this very content; nothing to upload", key);
        return own.as(key);
    }

    /** The SHA-256 of an RFC 9530 {@code Repr-Digest} value, as lowercase hex. */
    static Optional<String> sha256Of(String reprDigest) {
        Matcher m = SHA256_MEMBER.matcher(reprDigest);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            byte[] digest = Base64.getDecoder().decode(m.group(1));
            return digest.length == 32 ? Optional.of(HexFormat.of().formatHex(digest)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The problem's detail, for the failure reason; the status alone when the answer is not a problem. */
    private static String detail(HttpResponse<byte[]> response) {
        try {
            JsonNode problem = FarmJson.mapper().readTree(response.body());
            String detail = problem == null ? null : problem.path("detail").asText(null);
            return detail == null ? "(no detail)" : LogText.escape(detail);
        } catch (IOException e) {
            return "(no detail)";
        }
    }
}
