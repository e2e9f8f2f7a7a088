package cloud.yuntu.e2e;

import cloud.yuntu.contracts.digest.ContentDigest;
import cloud.yuntu.deploy.local.FarmOptions;
import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.local.LocalFarm;
import cloud.yuntu.deploy.postgres.PostgresServer;
import cloud.yuntu.deploy.process.StaleProcesses;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The storage figures of the README: hashing rates, the disk's own write speed against an upload
 * through the gateway and file-service, and the re-submit of an unchanged project of many files.
 * Starts its own farm (the packaged services, like e2e) in {@code target/bench-farm} and prints
 * figures; it asserts nothing and is no test. Run by {@code ./yuntu bench storage [--assets N]
 * [--upload-mb M]}.
 */
public final class StorageBenchmark {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final int MIB = 1 << 20;

    private StorageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int assets = Integer.parseInt(options.getOrDefault("assets", "1000"));
        int uploadMb = Integer.parseInt(options.getOrDefault("upload-mb", "256"));
        Path work = Path.of("target/bench-storage").toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);

        System.out.printf("JVM %s, %d cores, max heap %d MB%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / MIB);
        hashing();
        Path big = work.resolve("upload.bin");
        double diskMbPerSecond = writeWithFsync(big, uploadMb);
        System.out.printf("disk: %d MB written and fsynced at %.0f MB/s%n", uploadMb, diskMbPerSecond);

        Path dataDir = Path.of("target/bench-farm").toAbsolutePath();
        StaleProcesses.reap(dataDir);
        deleteTree(dataDir);
        String database = "yuntu_bench_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24), 36);
        try (LocalFarm farm = LocalFarm.start(new FarmOptions(REPOSITORY, dataDir, database, false, 1, 1))) {
            String gateway = farm.url(FarmService.GATEWAY).toString();
            String token = farm.tokens().user("storage-bench");
            upload(big, uploadMb, diskMbPerSecond, "gateway -> file-service", gateway, token);
            upload(big, uploadMb, diskMbPerSecond, "file-service directly", farm.url(FarmService.FILE).toString(), token);
            resubmit(work.resolve("project"), assets, gateway, token);
        } finally {
            PostgresServer.local().dropDatabase(database);
        }
    }

    /** MB/s of each digest file-service and the agent compute, alone and the three together as they run. */
    private static void hashing() throws Exception {
        byte[] data = new byte[64 * MIB];
        new Random(7).nextBytes(data);
        rate("SHA-256", data, d -> sha("SHA-256", d));
        rate("MD5", data, d -> sha("MD5", d));
        rate("xxh64", data, d -> XXHashFactory.fastestInstance().hash64().hash(d, 0, d.length, ContentDigest.XXH64_SEED));
        rate("all three (ContentDigest)", data, d -> {
            ContentDigest digest = new ContentDigest();
            digest.update(d, 0, d.length);
            digest.finish();
        });
    }

    private static void sha(String algorithm, byte[] data) {
        try {
            MessageDigest.getInstance(algorithm).digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The best of five rounds, after two to warm the JIT. */
    private static void rate(String name, byte[] data, Consumer<byte[]> hash) {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 7; round++) {
            long start = System.nanoTime();
            hash.accept(data);
            long took = System.nanoTime() - start;
            if (round >= 2) {
                best = Math.min(best, took);
            }
        }
        System.out.printf("hashing %-26s %6.0f MB/s%n", name + ":", data.length / (double) MIB / (best / 1e9));
    }

    private static double writeWithFsync(Path file, int megabytes) throws IOException {
        ByteBuffer block = ByteBuffer.allocateDirect(MIB);
        byte[] random = new byte[MIB];
        new Random(11).nextBytes(random);
        long start = System.nanoTime();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int i = 0; i < megabytes; i++) {
                // A different block each time, so no layer below can deduplicate or compress it away.
                random[0] = (byte) i;
                random[1] = (byte) (i >> 8);
                block.clear();
                block.put(random).flip();
                while (block.hasRemaining()) {
                    out.write(block);
                }
            }
            out.force(true);
        }
        return megabytes / ((System.nanoTime() - start) / 1e9);
    }

    private static void upload(Path file, int megabytes, double diskMbPerSecond, String route, String base, String token)
            throws Exception {
        String sha256;
        try (InputStream in = Files.newInputStream(file)) {
            sha256 = ContentDigest.of(in).sha256();
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(base.replaceAll("/$", "") + "/api/assets/" + sha256);
        // The first upload stores the content; the second is hashed and streamed to disk again in full
        // before file-service finds it already stored, so both measure the whole path.
        for (int round = 1; round <= 2; round++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .PUT(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
            double seconds = (System.nanoTime() - start) / 1e9;
            if (answer.statusCode() / 100 != 2) {
                throw new IOException("upload answered " + answer.statusCode() + ": " + answer.body());
            }
            System.out.printf("upload %d MB through %s (round %d, %d): %.0f MB/s, %.0f%% of the disk's own speed%n",
                    megabytes, route, round, answer.statusCode(), megabytes / seconds,
                    100 * megabytes / seconds / diskMbPerSecond);
        }
    }

    /** A project of {@code count} files, sent once, then sent again unchanged and submitted: the artist's re-submit. */
    private static void resubmit(Path project, int count, String gateway, String token) throws Exception {
        Path scenes = Files.createDirectories(project.resolve("scenes"));
        Path scene = scenes.resolve("shot.ma");
        Files.copy(Scenes.CORPUS.resolve(Scenes.BASE), scene);
        List<Path> files = new ArrayList<>(count);
        Random random = new Random(13);
        long total = 0;
        for (int i = 0; i < count; i++) {
            Path file = project.resolve("sourceimages/set" + (i % 20) + "/tex" + i + ".tx");
            Files.createDirectories(file.getParent());
            byte[] bytes = new byte[4096 + random.nextInt(124 * 1024)];
            random.nextBytes(bytes);
            Files.write(file, bytes);
            files.add(file);
            total += bytes.length;
        }
        TaskApi api = new TaskApi(gateway, token);
        String sceneKey = api.upload(scene).getString("key");
        ProjectUpload client = new ProjectUpload(gateway, token);

        long start = System.nanoTime();
        ProjectUpload.Outcome first = client.send(scenes, files);
        UUID firstTask = api.submit(task(sceneKey, first));
        double firstSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("project of %d files (%.1f MB): first submit %.2f s, %d uploaded, %d bytes%n",
                count, total / (double) MIB, firstSeconds, first.uploaded(), first.bytesUploaded());

        for (int round = 1; round <= 3; round++) {
            start = System.nanoTime();
            ProjectUpload.Outcome again = client.send(scenes, files);
            UUID task = api.submit(task(sceneKey, again));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("unchanged re-submit (round %d): %.2f s (hash, check, submit), %d uploaded, %d bytes%n",
                    round, seconds, again.uploaded(), again.bytesUploaded());
            api.command(task, "cancel");
        }
        api.command(firstTask, "cancel");
    }

    private static Map<String, Object> task(String sceneKey, ProjectUpload.Outcome project) {
        // Held for approval after one test frame, then cancelled: the benchmark measures submission, not rendering.
        return Map.of("sceneKey", sceneKey, "frames", "1-1", "testFrames", List.of(1), "approveAfterTest", true,
                "assets", project.json());
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("usage: [--assets N] [--upload-mb M], not " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
