package cloud.yuntu.e2e;

import cloud.yuntu.contracts.digest.ContentDigest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a submit tool does with a Maya project before it submits a task: hashes every file the scene
 * depends on, asks the farm which contents it lacks for this user ({@code POST /api/assets/check}),
 * uploads only those ({@code PUT /api/assets/{sha256}}, streamed from disk) and gives the task's
 * {@code assets} list: each file's path relative to the scene's folder, its SHA-256 and size. An
 * unchanged project sent again uploads nothing.
 */
final class ProjectUpload {

    /** At most this many entries per check, file-service's default {@code yuntu.file.assets.max-check}. */
    private static final int CHECK_BATCH = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI gateway;
    private final String token;

    ProjectUpload(String gateway, String token) {
        this.gateway = URI.create(gateway.endsWith("/") ? gateway : gateway + "/");
        this.token = token;
    }

    /** One file of the project as the task lists it. */
    record Asset(String path, String sha256, long size) {

        Map<String, Object> json() {
            return Map.of("path", path, "sha256", sha256, "size", size);
        }
    }

    /**
     * @param assets the task's {@code assets}, in the order of {@code files}
     * @param uploaded contents sent, once each
     * @param bytesUploaded request bodies sent, in bytes
     */
    record Outcome(List<Asset> assets, int uploaded, long bytesUploaded) {

        List<Map<String, Object>> json() {
            return assets.stream().map(Asset::json).toList();
        }
    }

    /** Makes sure the farm holds every one of {@code files} for this user; paths are relative to the scene's folder. */
    Outcome send(Path sceneFolder, List<Path> files) throws IOException, InterruptedException {
        List<Asset> assets = new ArrayList<>(files.size());
        Map<String, Path> bySha = new LinkedHashMap<>();
        for (Path file : files) {
            ContentDigest.Digests digests;
            try (InputStream in = Files.newInputStream(file)) {
                digests = ContentDigest.of(in);
            }
            String path = sceneFolder.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize())
                    .toString().replace('\\', '/');
            assets.add(new Asset(path, digests.sha256(), digests.size()));
            bySha.putIfAbsent(digests.sha256(), file);
        }
        Set<String> missing = missing(assets);
        long bytes = 0;
        for (String sha256 : missing) {
            bytes += put(sha256, bySha.get(sha256));
        }
        return new Outcome(assets, missing.size(), bytes);
    }

    private Set<String> missing(List<Asset> assets) throws IOException, InterruptedException {
        Map<String, Long> unique = new LinkedHashMap<>();
        assets.forEach(a -> unique.putIfAbsent(a.sha256(), a.size()));
        List<Map<String, Object>> entries = unique.entrySet().stream()
                .map(e -> Map.<String, Object>of("sha256", e.getKey(), "size", e.getValue())).toList();
        Set<String> missing = new HashSet<>();
        for (int from = 0; from < entries.size(); from += CHECK_BATCH) {
            List<Map<String, Object>> batch = entries.subList(from, Math.min(entries.size(), from + CHECK_BATCH));
            HttpResponse<String> answer = http.send(request("api/assets/check")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("assets", batch))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IOException("POST /api/assets/check answered " + answer.statusCode() + ": " + answer.body());
            }
            JSON.readTree(answer.body()).path("missing").forEach(sha -> missing.add(sha.asText()));
        }
        return missing;
    }

    private long put(String sha256, Path file) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(request("api/assets/" + sha256)
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        for (int retry = 0; answer.statusCode() == 429 && retry < 5; retry++) {
            // Over the gateway's transfer rate: wait as told, then send it again.
            Thread.sleep(1000L * Long.parseLong(answer.headers().firstValue("Retry-After").orElse("1")));
            answer = http.send(request("api/assets/" + sha256).PUT(HttpRequest.BodyPublishers.ofFile(file)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        if (answer.statusCode() != 201 && answer.statusCode() != 200) {
            throw new IOException("PUT /api/assets/" + sha256 + " answered " + answer.statusCode() + ": " + answer.body());
        }
        JsonNode stored = JSON.readTree(answer.body());
        if (!sha256.equals(stored.path("sha256").asText())) {
            throw new IOException("the farm stored " + stored + " for " + sha256);
        }
        return Files.size(file);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(gateway.resolve(path)).header("Authorization", "Bearer " + token);
    }
}
