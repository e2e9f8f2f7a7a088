package cloud.yuntu.agent.transfer;

import cloud.yuntu.agent.AgentConfig;
import cloud.yuntu.agent.render.LogText;
import cloud.yuntu.contracts.digest.ContentDigest;
import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.json.FarmJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Uploads everything a render left in its render directory, subfolders included. Each file is hashed while it streams
 * to the presigned PUT (one read of the file), and the digests file-service computed while
 * writing must equal ours; a mismatch or a 5xx is retried with backoff, a bounded number of times.
 */
@ApplicationScoped
public class OutputUploader {

    private static final Logger LOG = Logger.getLogger(OutputUploader.class);
    /** Maya's {@code <prefix>.<frame>.<ext>}. */
    private static final Pattern FRAME_NUMBER = Pattern.compile("\\.(-?\\d+)\\.[^.]+$");

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
        int attempts = config.transfer().uploadAttempts();
        TransferFailed last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                return uploadOnce(file, key, grant);
            } catch (TransferFailed e) {
                last = e;
                if (!e.retryable()) {
                    break;
                }
            } catch (IOException | UncheckedIOException e) {
                last = new TransferFailed("Upload of " + key + " failed: " + e.getMessage(), true, e);
            }
            LOG.warnf("Attempt %d/%d to upload %s failed: %s", attempt, attempts, key, last.getMessage());
            if (attempt < attempts) {
                Thread.sleep(config.transfer().retryBackoff().toMillis() << (attempt - 1));
            }
        }
        throw last;
    }

    private StoredObject uploadOnce(Path file, String key, String grant)
            throws IOException, InterruptedException, TransferFailed {
        URI url = fileService.presign(key, "PUT", grant);
        long size = Files.size(file);
        AtomicReference<ContentDigest> digest = new AtomicReference<>();
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> {
                    // A fresh digest per body subscription: a resent body is hashed from its start.
                    ContentDigest fresh = new ContentDigest();
                    digest.set(fresh);
                    try {
                        return new DigestingInputStream(Files.newInputStream(file), fresh);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }), size);
        HttpRequest request = HttpRequest.newBuilder(url)
                .header("Content-Type", "application/octet-stream")
                .PUT(body)
                .build();
        HttpResponse<byte[]> response = fileService.http().send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new TransferFailed("PUT " + key + " answered " + response.statusCode(),
                    response.statusCode() >= 500 || response.statusCode() == 408 || response.statusCode() == 403, null);
        }
        ContentDigest.Digests sent = digest.get().finish();
        StoredObject stored = FarmJson.mapper().readValue(response.body(), StoredObject.class);
        if (sent.size() != size || stored.size() != sent.size() || !sent.sha256().equals(stored.sha256())
                || !sent.xxh64().equals(stored.xxh64()) || !sent.md5().equals(stored.md5())) {
            throw new TransferFailed("Digest mismatch for " + key + ": sent " + sent + ", file-service stored "
                    + stored, true, null);
        }
        return sent.as(stored.key() == null ? key : stored.key());
    }
}
