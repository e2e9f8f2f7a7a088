package cloud.yuntu.agent.transfer;

import cloud.yuntu.agent.AgentConfig;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Uploads everything a render left in its render directory. Each file is hashed while it streams
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
     * @param grant the job's grant, presented with every presign: it allows writing below the
     *        job's {@code keyPrefix} and nowhere else
     * @param fallbackFrame the frame of files whose name carries no number
     */
    public List<FrameOutput> uploadAll(Path renderDir, String keyPrefix, String grant, int fallbackFrame)
            throws IOException, InterruptedException, TransferFailed {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(renderDir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<FrameOutput> outputs = new ArrayList<>();
        for (Path file : files) {
            String relative = renderDir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            StoredObject stored = upload(file, keyPrefix + relative, grant);
            outputs.add(new FrameOutput(frameOf(file.getFileName().toString(), fallbackFrame), relative, stored));
        }
        return outputs;
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
