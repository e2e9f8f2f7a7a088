package cloud.yuntu.gateway.proxy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Stands in for task-service's HTTP API behind the proxy: records what reaches it and answers
 * like a service would. {@code /api/tasks/missing} answers 404 problem; {@code /api/tasks/stream}
 * signals when the first bytes of a body arrive, then digests the rest; {@code /api/files/objects}
 * answers HEAD and DELETE as file-service does; {@code /api/tasks/sized} answers {@link #SIZED_ANSWER} bytes at once,
 * {@code /api/tasks/slow} only after {@link #SLOW_ANSWER}; anything else answers 201 with the body it received.
 */
final class StandInTaskService implements AutoCloseable {

    static final int FIRST_BYTES = 64 * 1024;
    /** What {@code HEAD /api/files/objects} answers: an object far larger than any body the proxy could buffer. */
    static final long OBJECT_SIZE = 5L << 30;
    static final String OBJECT_DIGEST = "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:";

    /** Whole in one read of the gateway's connection (it reads on to 64 KiB while its client holds the answer back). */
    static final int SIZED_ANSWER = 32 * 1024;
    static final Duration SLOW_ANSWER = Duration.ofSeconds(2);

    record Received(String method, String uri, Headers headers, byte[] body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile CountDownLatch streamStarted = new CountDownLatch(1);

    StandInTaskService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/api/tasks/missing", this::missing);
        server.createContext("/api/tasks/stream", this::stream);
        server.createContext("/api/tasks/elsewhere", this::elsewhere);
        server.createContext("/api/files/too-large", this::tooLarge);
        server.createContext("/api/files/objects", this::objects);
        server.createContext("/api/tasks/silent", this::silent);
        server.createContext("/api/tasks/stalling", this::stalling);
        server.createContext("/api/tasks/sized", this::sized);
        server.createContext("/api/tasks/slow", this::slow);
        server.createContext("/", this::created);
        server.start();
    }

    String baseUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    BlockingQueue<Received> received() {
        return received;
    }

    /** A latch released when the next streamed body's first {@link #FIRST_BYTES} bytes arrived. */
    CountDownLatch expectStream() {
        streamStarted = new CountDownLatch(1);
        return streamStarted;
    }

    private void created(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders(), body));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        // As a Quarkus service builds it: absolute, at the address the gateway reached it at.
        exchange.getResponseHeaders().add("Location", baseUri() + "/api/tasks/6f1c7d2e-0b7a-4a51-9d55-3f0f8e1f2a10?view=full");
        exchange.getResponseHeaders().add("X-Task-Service", "stand-in");
        byte[] answer = ("{\"echo\":" + new String(body, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8);
        respond(exchange, 201, answer);
    }

    /** A redirect to storage outside the farm, as a presigned download would be. */
    private void elsewhere(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Location", "https://yuntu.oss-cn-hangzhou.aliyuncs.com/results/a.png?Signature=x");
        respond(exchange, 302, new byte[0]);
    }

    /**
     * As file-service answers an upload whose Content-Length is over its limit: 413 before reading
     * the body, which is then read and dropped until the sender stops.
     */
    private void tooLarge(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
        exchange.getResponseHeaders().add("Connection", "close");
        byte[] answer = """
                {"type":"about:blank","title":"Content Too Large","status":413,"detail":"at most 1 KiB"}"""
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(413, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.getResponseBody().flush();
        // Until the gateway stops sending: closing with the body unread would reset the connection,
        // and a reset can destroy the answer before the gateway read it.
        try (exchange) {
            exchange.getRequestBody().skip(Long.MAX_VALUE);
        } catch (IOException stoppedSending) {
            // The gateway closed the connection: what this stand-in waited for.
        }
    }

    /**
     * As file-service answers an object's existence (the size as Content-Length, no body; see
     * {@link #OBJECT_DIGEST}) and its deletion (204).
     */
    private void objects(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders(), new byte[0]));
        try (exchange) {
            switch (exchange.getRequestMethod()) {
                case "HEAD" -> {
                    exchange.getResponseHeaders().set("Content-Length", Long.toString(OBJECT_SIZE));
                    exchange.getResponseHeaders().set("Repr-Digest", OBJECT_DIGEST);
                    exchange.sendResponseHeaders(200, -1);
                }
                case "DELETE" -> exchange.sendResponseHeaders(204, -1);
                default -> exchange.sendResponseHeaders(405, -1);
            }
        }
    }

    private void sized(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        respond(exchange, 200, new byte[SIZED_ANSWER]);
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders(), new byte[0]));
    }

    /** Recorded on arrival, answered 201 a while later: a request that is still under way when the test acts. */
    private void slow(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders(), new byte[0]));
        try {
            Thread.sleep(SLOW_ANSWER);
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
        respond(exchange, 201, "{}".getBytes(StandardCharsets.UTF_8));
    }

    /** A service that takes the request and never answers, as a hung one would. */
    private void silent(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        hang(exchange);
    }

    /** A service that begins its answer (10 of the 1,000 bytes it announced) and then goes quiet. */
    private void stalling(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(200, 1000);
        exchange.getResponseBody().write(new byte[10]);
        exchange.getResponseBody().flush();
        hang(exchange);
    }

    private static void hang(HttpExchange exchange) {
        try (exchange) {
            Thread.sleep(Duration.ofMinutes(2));
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private void missing(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
        respond(exchange, 404, """
                {"type":"about:blank","title":"Not Found","status":404,"detail":"no task missing"}"""
                .getBytes(StandardCharsets.UTF_8));
    }

    private void stream(HttpExchange exchange) throws IOException {
        MessageDigest sha256 = sha256();
        long size;
        try (InputStream body = exchange.getRequestBody()) {
            // Not readNBytes: it ends with a zero-length read, which on a chunked body blocks for the
            // next chunk header, that is until the client sends more.
            byte[] first = new byte[FIRST_BYTES];
            int got = 0;
            for (int read; got < FIRST_BYTES && (read = body.read(first, got, FIRST_BYTES - got)) != -1; ) {
                got += read;
            }
            streamStarted.countDown();
            sha256.update(first, 0, got);
            size = got;
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = body.read(buffer)) != -1; size += read) {
                sha256.update(buffer, 0, read);
            }
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        respond(exchange, 200, ("{\"size\":" + size + ",\"sha256\":\"" + HexFormat.of().formatHex(sha256.digest()) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
