package cloud.yuntu.file.storage.oss;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An in-process stand-in for one OSS bucket, speaking as much of the OSS REST protocol as
 * file-service uses: PutObject, GetObject, HeadObject, DeleteObject, CopyObject, ListObjectsV2 (paged by
 * {@code max-keys} and {@code continuation-token}) and multipart
 * uploads (InitiateMultipartUpload, UploadPart, UploadPartCopy, ListParts (paged by {@code max-parts} and
 * {@code part-number-marker}, at most 1000 parts a page or fewer by {@link #pageListParts}),
 * CompleteMultipartUpload, AbortMultipartUpload), path-style
 * ({@code /<bucket>/<object>}), signed with signature V4 either in the {@code Authorization}
 * header (the SDK's requests) or in the query ({@code x-oss-signature}, presigned URLs). Every
 * request is verified as OSS does: a wrong signature gets 403 {@code SignatureDoesNotMatch}, an
 * expired presigned URL 403 {@code AccessDenied}. Objects live in memory.
 *
 * <p>Tests can make it answer 503 to the next requests ({@link #failNext}), damage the next
 * upload ({@link #corruptNextPut}) and move its clock ({@link #advanceClock}). New operations
 * are one more case in {@link #handle} and {@link #operationOf}.
 */
public final class OssEmulator implements AutoCloseable {

    public static final String REGION = "cn-emulated";
    public static final String BUCKET = "yuntu-test";
    public static final String ACCESS_KEY_ID = "LTAI-emulator";
    public static final String ACCESS_KEY_SECRET = "emulator-secret-not-for-production";

    private static final String ALGORITHM = "OSS4-HMAC-SHA256";
    private static final String TERMINATOR = "aliyun_v4_request";
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Pattern PART = Pattern.compile(
            "<Part>\\s*<PartNumber>(\\d+)</PartNumber>\\s*<ETag>([^<]+)</ETag>\\s*</Part>");
    /** OSS' default and largest {@code max-parts} of one ListParts page. */
    private static final int MAX_LIST_PARTS = 1000;
    /** OSS' default and largest {@code max-keys} of one ListObjectsV2 page. */
    private static final int DEFAULT_LIST_KEYS = 100;
    private static final int MAX_LIST_KEYS = 1000;
    /** OSS lists object names in the order of their UTF-8 bytes. */
    private static final Comparator<String> BY_UTF8 = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    /** OSS' own limit on a presigned V4 URL's lifetime. */
    private static final long MAX_EXPIRES_SECONDS = 7 * 24 * 3600;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();
    private final Map<Operation, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<Operation, AtomicInteger> requests = new ConcurrentHashMap<>();

    /** What a request asks for, as OSS' API reference names it. */
    public enum Operation {
        PUT_OBJECT, COPY_OBJECT, GET_OBJECT, HEAD_OBJECT, DELETE_OBJECT, LIST_OBJECTS_V2, INITIATE_MULTIPART_UPLOAD,
        UPLOAD_PART, UPLOAD_PART_COPY, LIST_PARTS, COMPLETE_MULTIPART_UPLOAD, ABORT_MULTIPART_UPLOAD, OTHER
    }
    private final AtomicInteger anyFailures = new AtomicInteger();
    private final AtomicBoolean corruptNextPut = new AtomicBoolean();
    private final AtomicInteger listPartsPage = new AtomicInteger(MAX_LIST_PARTS);
    private final AtomicReference<Duration> clockOffset = new AtomicReference<>(Duration.ZERO);

    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

    private record StoredObject(byte[] bytes, String etag, Instant modified) {
    }

    /** A multipart upload in progress: its object name and the parts received so far. */
    private record Upload(String name, Map<Integer, StoredObject> parts) {
    }

    private OssEmulator(HttpServer server) {
        this.server = server;
    }

    public static OssEmulator start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            OssEmulator emulator = new OssEmulator(server);
            server.createContext("/", emulator::serve);
            server.setExecutor(emulator.executor);
            server.start();
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: an IP endpoint, which the SDK addresses path-style. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code count} requests of any kind are answered 503 ServiceUnavailable. */
    public void failNext(int count) {
        anyFailures.set(count);
    }

    /** The next {@code count} requests of {@code operation} are answered 503 ServiceUnavailable; 0 heals it. */
    public void failNext(Operation operation, int count) {
        failures.computeIfAbsent(operation, o -> new AtomicInteger()).set(count);
    }

    /** The next PutObject or UploadPart receives its body with one byte changed, as if damaged on the way. */
    public void corruptNextPut() {
        corruptNextPut.set(true);
    }

    /**
     * ListParts answers at most {@code parts} parts per page (OSS: 1000) whatever {@code max-parts}
     * asks for, so that a test sees a listing of a few parts paged as OSS pages one of thousands.
     */
    public void pageListParts(int parts) {
        if (parts < 1 || parts > MAX_LIST_PARTS) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_LIST_PARTS + " parts");
        }
        listPartsPage.set(parts);
    }

    /** Requests of {@code operation} received since start, refused ones included. */
    public int requests(Operation operation) {
        return requests.computeIfAbsent(operation, o -> new AtomicInteger()).get();
    }

    /** Moves the emulator's clock (not the JVM's), e.g. past a presigned URL's expiry. */
    public void advanceClock(Duration by) {
        clockOffset.updateAndGet(offset -> offset.plus(by));
    }

    /** Object names of the multipart uploads started and neither completed nor aborted. */
    public List<String> pendingUploads() {
        return uploads.values().stream().map(Upload::name).sorted().toList();
    }

    /** Stores an object directly (as if written long ago, or by something else), last modified at {@code modified}. */
    public void plant(String name, byte[] bytes, Instant modified) {
        objects.put(name, new StoredObject(bytes.clone(), stored(bytes).etag(), modified));
    }

    /** Sets an object's last modification, as ListObjectsV2 and HeadObject report it. */
    public void age(String name, Instant modified) {
        objects.computeIfPresent(name, (n, object) -> new StoredObject(object.bytes(), object.etag(), modified));
    }

    public Set<String> objectNames() {
        return new TreeSet<>(objects.keySet());
    }

    public byte[] bytes(String name) {
        StoredObject object = objects.get(name);
        return object == null ? null : object.bytes().clone();
    }

    /** Settings of a client of this emulator, with the given key prefix (may be empty) and OSS' smallest parts. */
    public OssSettings settings(String keyPrefix) {
        return new OssSettings(endpoint(), endpoint(), REGION, BUCKET, ACCESS_KEY_ID, ACCESS_KEY_SECRET, keyPrefix,
                OssSettings.MIN_PART_SIZE);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private Instant now() {
        return Instant.now().plus(clockOffset.get());
    }

    private void serve(HttpExchange exchange) throws IOException {
        Operation operation = operationOf(exchange);
        requests.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
        try (exchange) {
            if (anyFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                    || failures.computeIfAbsent(operation, o -> new AtomicInteger()).getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                drain(exchange);
                error(exchange, 503, "ServiceUnavailable", "Please reduce your request rate.");
                return;
            }
            handle(exchange);
        } catch (RuntimeException e) {
            error(exchange, 500, "InternalError", String.valueOf(e));
        }
    }

    private static Operation operationOf(HttpExchange exchange) {
        Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
        boolean copy = exchange.getRequestHeaders().containsKey("x-oss-copy-source");
        boolean upload = query.containsKey("uploadId");
        return switch (exchange.getRequestMethod()) {
            case "PUT" -> upload ? (copy ? Operation.UPLOAD_PART_COPY : Operation.UPLOAD_PART)
                    : copy ? Operation.COPY_OBJECT : Operation.PUT_OBJECT;
            case "POST" -> query.containsKey("uploads") ? Operation.INITIATE_MULTIPART_UPLOAD
                    : upload ? Operation.COMPLETE_MULTIPART_UPLOAD : Operation.OTHER;
            case "GET" -> upload ? Operation.LIST_PARTS
                    : query.containsKey("list-type") ? Operation.LIST_OBJECTS_V2 : Operation.GET_OBJECT;
            case "HEAD" -> Operation.HEAD_OBJECT;
            case "DELETE" -> upload ? Operation.ABORT_MULTIPART_UPLOAD : Operation.DELETE_OBJECT;
            default -> Operation.OTHER;
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        String path = decode(rawPath);
        Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
        String prefix = "/" + BUCKET + "/";
        // The bucket itself (ListObjectsV2) or an object in it.
        boolean bucket = path.equals(prefix) || path.equals("/" + BUCKET);
        if (bucket ? operationOf(exchange) != Operation.LIST_OBJECTS_V2 : !path.startsWith(prefix)) {
            drain(exchange);
            error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist.");
            return;
        }
        String refusal = authenticate(exchange, path, query);
        if (refusal != null) {
            drain(exchange);
            String code = refusal.startsWith("AccessDenied") ? "AccessDenied" : "SignatureDoesNotMatch";
            error(exchange, 403, code, refusal.substring(refusal.indexOf(':') + 1).strip());
            return;
        }
        if (bucket) {
            drain(exchange);
            listObjects(exchange, query);
            return;
        }
        String name = path.substring(prefix.length());
        String copySource = exchange.getRequestHeaders().getFirst("x-oss-copy-source");
        switch (operationOf(exchange)) {
            case PUT_OBJECT -> {
                byte[] bytes = receive(exchange);
                if (bytes != null) {
                    StoredObject stored = stored(bytes);
                    objects.put(name, stored);
                    exchange.getResponseHeaders().set("ETag", stored.etag());
                    empty(exchange, 200);
                }
            }
            case COPY_OBJECT -> {
                drain(exchange);
                StoredObject from = source(copySource);
                if (from == null) {
                    error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
                    return;
                }
                StoredObject copied = new StoredObject(from.bytes(), from.etag(), now());
                objects.put(name, copied);
                xml(exchange, 200, "<CopyObjectResult><LastModified>" + iso(copied.modified())
                        + "</LastModified><ETag>" + copied.etag() + "</ETag></CopyObjectResult>");
            }
            case GET_OBJECT, HEAD_OBJECT -> get(exchange, name, query, exchange.getRequestMethod().equals("HEAD"));
            case DELETE_OBJECT -> {
                drain(exchange);
                objects.remove(name);
                empty(exchange, 204);
            }
            case INITIATE_MULTIPART_UPLOAD -> {
                drain(exchange);
                String uploadId = requestId();
                uploads.put(uploadId, new Upload(name, new ConcurrentHashMap<>()));
                xml(exchange, 200, "<InitiateMultipartUploadResult><Bucket>" + BUCKET + "</Bucket><Key>" + escape(name)
                        + "</Key><UploadId>" + uploadId + "</UploadId></InitiateMultipartUploadResult>");
            }
            case UPLOAD_PART -> {
                Upload upload = upload(exchange, query, name);
                byte[] bytes = upload == null ? null : receive(exchange);
                if (bytes != null) {
                    StoredObject part = stored(bytes);
                    upload.parts().put(partNumber(query), part);
                    exchange.getResponseHeaders().set("ETag", part.etag());
                    empty(exchange, 200);
                }
            }
            case UPLOAD_PART_COPY -> {
                Upload upload = upload(exchange, query, name);
                if (upload == null) {
                    return;
                }
                drain(exchange);
                StoredObject from = source(copySource);
                if (from == null) {
                    error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
                    return;
                }
                String range = exchange.getRequestHeaders().getFirst("x-oss-copy-source-range");
                byte[] bytes = from.bytes();
                if (range != null) {
                    String[] bounds = range.replace("bytes=", "").split("-");
                    bytes = Arrays.copyOfRange(bytes, Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1]) + 1);
                }
                StoredObject part = stored(bytes);
                upload.parts().put(partNumber(query), part);
                xml(exchange, 200, "<CopyPartResult><LastModified>" + iso(part.modified()) + "</LastModified><ETag>"
                        + part.etag() + "</ETag></CopyPartResult>");
            }
            case LIST_PARTS -> {
                Upload upload = upload(exchange, query, name);
                if (upload == null) {
                    return;
                }
                drain(exchange);
                listParts(exchange, query, name, upload);
            }
            case COMPLETE_MULTIPART_UPLOAD -> complete(exchange, query, name);
            case ABORT_MULTIPART_UPLOAD -> {
                drain(exchange);
                if (uploads.remove(query.get("uploadId")) == null) {
                    error(exchange, 404, "NoSuchUpload", "The specified upload does not exist.");
                    return;
                }
                empty(exchange, 204);
            }
            case OTHER -> {
                drain(exchange);
                error(exchange, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
            }
        }
    }

    /**
     * One page of the parts, as OSS pages them: at most {@code max-parts} (OSS' default and cap 1000,
     * here also at most {@link #pageListParts}) parts numbered above {@code part-number-marker};
     * {@code IsTruncated} says whether more follow, from {@code NextPartNumberMarker} on.
     */
    private void listParts(HttpExchange exchange, Map<String, String> query, String name, Upload upload)
            throws IOException {
        int marker;
        int maxParts;
        try {
            marker = Integer.parseInt(query.getOrDefault("part-number-marker", "0"));
            maxParts = Integer.parseInt(query.getOrDefault("max-parts", String.valueOf(MAX_LIST_PARTS)));
        } catch (NumberFormatException e) {
            error(exchange, 400, "InvalidArgument", "part-number-marker and max-parts are whole numbers.");
            return;
        }
        if (marker < 0 || maxParts < 1 || maxParts > MAX_LIST_PARTS) {
            error(exchange, 400, "InvalidArgument", "max-parts must be between 1 and " + MAX_LIST_PARTS + ".");
            return;
        }
        int pageSize = Math.min(maxParts, listPartsPage.get());
        List<Map.Entry<Integer, StoredObject>> following = new ArrayList<>(new TreeMap<>(upload.parts()).tailMap(marker, false)
                .entrySet());
        List<Map.Entry<Integer, StoredObject>> page = following.subList(0, Math.min(pageSize, following.size()));
        boolean truncated = following.size() > page.size();
        StringBuilder parts = new StringBuilder();
        page.forEach(entry -> parts.append("<Part><PartNumber>").append(entry.getKey())
                .append("</PartNumber><LastModified>").append(iso(entry.getValue().modified())).append("</LastModified><ETag>")
                .append(entry.getValue().etag()).append("</ETag><Size>").append(entry.getValue().bytes().length)
                .append("</Size></Part>"));
        int next = page.isEmpty() ? marker : page.getLast().getKey();
        xml(exchange, 200, "<ListPartsResult><Bucket>" + BUCKET + "</Bucket><Key>" + escape(name) + "</Key><UploadId>"
                + query.get("uploadId") + "</UploadId><PartNumberMarker>" + marker + "</PartNumberMarker><NextPartNumberMarker>"
                + next + "</NextPartNumberMarker><MaxParts>" + maxParts + "</MaxParts><IsTruncated>" + truncated
                + "</IsTruncated>" + parts + "</ListPartsResult>");
    }

    /**
     * One page of ListObjectsV2 (only {@code list-type=2}, without {@code delimiter}): at most
     * {@code max-keys} (default 100, at most 1000) objects whose names start with {@code prefix}, in the
     * order of their UTF-8 bytes, after {@code start-after} and after the name the {@code continuation-token}
     * stands for; {@code IsTruncated} and {@code NextContinuationToken} lead to the next page.
     */
    private void listObjects(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (!"2".equals(query.get("list-type")) || !query.getOrDefault("delimiter", "").isEmpty()) {
            error(exchange, 400, "InvalidArgument", "The emulator lists with list-type=2 and without delimiter.");
            return;
        }
        int maxKeys;
        try {
            maxKeys = Integer.parseInt(query.getOrDefault("max-keys", String.valueOf(DEFAULT_LIST_KEYS)));
        } catch (NumberFormatException e) {
            maxKeys = 0;
        }
        if (maxKeys < 1 || maxKeys > MAX_LIST_KEYS) {
            error(exchange, 400, "InvalidArgument", "max-keys must be between 1 and " + MAX_LIST_KEYS + ".");
            return;
        }
        String prefix = query.getOrDefault("prefix", "");
        String token = query.get("continuation-token");
        String after = query.getOrDefault("start-after", "");
        if (token != null) {
            String last;
            try {
                last = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                error(exchange, 400, "InvalidArgument", "The continuation token is not valid.");
                return;
            }
            after = BY_UTF8.compare(last, after) > 0 ? last : after;
        }
        String from = after;
        List<String> following = objects.keySet().stream()
                .filter(name -> name.startsWith(prefix) && BY_UTF8.compare(name, from) > 0)
                .sorted(BY_UTF8)
                .toList();
        List<String> page = following.subList(0, Math.min(maxKeys, following.size()));
        boolean truncated = following.size() > page.size();
        StringBuilder body = new StringBuilder("<ListBucketResult><Name>" + BUCKET + "</Name><Prefix>" + escape(prefix)
                + "</Prefix><MaxKeys>" + maxKeys + "</MaxKeys><KeyCount>" + page.size() + "</KeyCount><IsTruncated>"
                + truncated + "</IsTruncated>");
        if (token != null) {
            body.append("<ContinuationToken>").append(escape(token)).append("</ContinuationToken>");
        }
        if (truncated) {
            body.append("<NextContinuationToken>")
                    .append(Base64.getUrlEncoder().encodeToString(page.getLast().getBytes(StandardCharsets.UTF_8)))
                    .append("</NextContinuationToken>");
        }
        for (String name : page) {
            StoredObject object = objects.get(name);
            if (object != null) {
                body.append("<Contents><Key>").append(escape(name)).append("</Key><LastModified>")
                        .append(iso(object.modified())).append("</LastModified><ETag>").append(object.etag())
                        .append("</ETag><Type>Normal</Type><Size>").append(object.bytes().length)
                        .append("</Size><StorageClass>Standard</StorageClass></Contents>");
            }
        }
        xml(exchange, 200, body.append("</ListBucketResult>").toString());
    }

    /** The body, or null once refused because it does not match its Content-MD5. */
    private byte[] receive(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        if (bytes.length > 0 && corruptNextPut.getAndSet(false)) {
            bytes[bytes.length / 2] ^= 0x20;
        }
        String contentMd5 = exchange.getRequestHeaders().getFirst("Content-MD5");
        if (contentMd5 != null && !contentMd5.equals(Base64.getEncoder().encodeToString(md5(bytes)))) {
            error(exchange, 400, "InvalidDigest", "The Content-MD5 you specified is not valid.");
            return null;
        }
        return bytes;
    }

    private StoredObject stored(byte[] bytes) {
        return new StoredObject(bytes, "\"" + HexFormat.of().withUpperCase().formatHex(md5(bytes)) + "\"", now());
    }

    private StoredObject source(String copySource) {
        String prefix = "/" + BUCKET + "/";
        String source = copySource == null ? "" : decode(copySource);
        return source.startsWith(prefix) ? objects.get(source.substring(prefix.length())) : null;
    }

    /** The upload the request names, or null once answered NoSuchUpload. */
    private Upload upload(HttpExchange exchange, Map<String, String> query, String name) throws IOException {
        Upload upload = uploads.get(query.get("uploadId"));
        if (upload == null || !upload.name().equals(name)) {
            drain(exchange);
            error(exchange, 404, "NoSuchUpload", "The specified upload does not exist.");
            return null;
        }
        return upload;
    }

    private static int partNumber(Map<String, String> query) {
        return Integer.parseInt(query.get("partNumber"));
    }

    /** Joins the listed parts in order; every part but the last must be at least 100 KB, as in OSS. */
    private void complete(HttpExchange exchange, Map<String, String> query, String name) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Upload upload = upload(exchange, query, name);
        if (upload == null) {
            return;
        }
        Matcher listed = PART.matcher(body);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        ByteArrayOutputStream etags = new ByteArrayOutputStream();
        int count = 0;
        int previous = 0;
        List<StoredObject> parts = new ArrayList<>();
        while (listed.find()) {
            int number = Integer.parseInt(listed.group(1));
            StoredObject part = upload.parts().get(number);
            if (number <= previous || part == null || !unquoted(part.etag()).equals(unquoted(listed.group(2)))) {
                error(exchange, 400, "InvalidPart", "One or more of the specified parts could not be found.");
                return;
            }
            previous = number;
            parts.add(part);
        }
        for (int i = 0; i < parts.size(); i++) {
            if (i < parts.size() - 1 && parts.get(i).bytes().length < 100 * 1024) {
                error(exchange, 400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size.");
                return;
            }
            joined.writeBytes(parts.get(i).bytes());
            etags.writeBytes(HexFormat.of().parseHex(parts.get(i).etag().replace("\"", "")));
            count++;
        }
        if (count == 0) {
            error(exchange, 400, "InvalidPart", "The upload lists no part.");
            return;
        }
        uploads.remove(query.get("uploadId"));
        String etag = "\"" + HexFormat.of().withUpperCase().formatHex(md5(etags.toByteArray())) + "-" + count + "\"";
        objects.put(name, new StoredObject(joined.toByteArray(), etag, now()));
        xml(exchange, 200, "<CompleteMultipartUploadResult><Location>" + endpoint() + "/" + BUCKET + "/" + escape(name)
                + "</Location><Bucket>" + BUCKET + "</Bucket><Key>" + escape(name) + "</Key><ETag>" + etag
                + "</ETag></CompleteMultipartUploadResult>");
    }

    private static String unquoted(String etag) {
        return etag.replace("&quot;", "").replace("\"", "").strip();
    }

    private static void empty(HttpExchange exchange, int status) throws IOException {
        exchange.getResponseHeaders().set("x-oss-request-id", requestId());
        exchange.sendResponseHeaders(status, -1);
    }

    private static String iso(Instant instant) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC).format(instant);
    }

    private void get(HttpExchange exchange, String name, Map<String, String> query, boolean head) throws IOException {
        drain(exchange);
        StoredObject object = objects.get(name);
        if (object == null) {
            if (head) {
                exchange.getResponseHeaders().set("x-oss-request-id", requestId());
                exchange.sendResponseHeaders(404, -1);
            } else {
                error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
            }
            return;
        }
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", query.getOrDefault("response-content-type", "application/octet-stream"));
        if (query.containsKey("response-content-disposition")) {
            headers.set("Content-Disposition", query.get("response-content-disposition"));
        }
        headers.set("ETag", object.etag());
        headers.set("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(object.modified().atZone(ZoneOffset.UTC)));
        headers.set("x-oss-request-id", requestId());
        if (head) {
            headers.set("Content-Length", String.valueOf(object.bytes().length));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, object.bytes().length == 0 ? -1 : object.bytes().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(object.bytes());
        }
    }

    /** Null when the request carries a valid V4 signature of our one account, else "Code: why". */
    private String authenticate(HttpExchange exchange, String path, Map<String, String> query) {
        Headers headers = exchange.getRequestHeaders();
        String signature;
        String credential;
        String dateTime;
        Set<String> additional;
        Map<String, String> signedQuery = new TreeMap<>(query);
        if (query.containsKey("x-oss-signature")) {
            if (!ALGORITHM.equals(query.get("x-oss-signature-version"))) {
                return "AccessDenied: only " + ALGORITHM + " presigned URLs are accepted";
            }
            signature = signedQuery.remove("x-oss-signature");
            credential = query.get("x-oss-credential");
            dateTime = query.get("x-oss-date");
            additional = splitHeaders(query.get("x-oss-additional-headers"));
            long expires;
            Instant signedAt;
            try {
                expires = Long.parseLong(String.valueOf(query.get("x-oss-expires")));
                signedAt = LocalDateTime.parse(String.valueOf(dateTime), DATE_TIME).toInstant(ZoneOffset.UTC);
            } catch (NumberFormatException | DateTimeParseException e) {
                return "AccessDenied: x-oss-date and x-oss-expires are required";
            }
            if (expires <= 0 || expires > MAX_EXPIRES_SECONDS) {
                return "AccessDenied: x-oss-expires must be between 1 and " + MAX_EXPIRES_SECONDS;
            }
            if (now().isAfter(signedAt.plusSeconds(expires))) {
                return "AccessDenied: Request has expired.";
            }
        } else {
            String authorization = headers.getFirst("Authorization");
            if (authorization == null || !authorization.startsWith(ALGORITHM + " ")) {
                return "AccessDenied: a " + ALGORITHM + " signature is required";
            }
            Map<String, String> fields = Arrays.stream(authorization.substring(ALGORITHM.length() + 1).split(","))
                    .map(String::strip).filter(f -> f.contains("="))
                    .collect(Collectors.toMap(f -> f.substring(0, f.indexOf('=')), f -> f.substring(f.indexOf('=') + 1),
                            (a, b) -> b, LinkedHashMap::new));
            signature = fields.get("Signature");
            credential = fields.get("Credential");
            additional = splitHeaders(fields.get("AdditionalHeaders"));
            dateTime = headers.getFirst("x-oss-date");
        }
        if (signature == null || credential == null || dateTime == null) {
            return "AccessDenied: the signature, credential and date are required";
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[2].equals(REGION) || !scope[3].equals("oss") || !scope[4].equals(TERMINATOR)
                || !dateTime.startsWith(scope[1])) {
            return "SignatureDoesNotMatch: bad credential scope " + credential;
        }
        if (!scope[0].equals(ACCESS_KEY_ID)) {
            return "AccessDenied: unknown AccessKeyId " + scope[0];
        }
        String canonical = exchange.getRequestMethod() + "\n" + encode(path, true) + "\n"
                + canonicalQuery(signedQuery) + "\n" + canonicalHeaders(headers, additional) + "\n"
                + String.join(";", additional) + "\n"
                + (headers.containsKey("x-oss-content-sha256") ? headers.getFirst("x-oss-content-sha256") : "UNSIGNED-PAYLOAD");
        String scopeString = scope[1] + "/" + REGION + "/oss/" + TERMINATOR;
        String stringToSign = ALGORITHM + "\n" + dateTime + "\n" + scopeString + "\n" + hex(sha256(canonical));
        byte[] key = hmac(("aliyun_v4" + ACCESS_KEY_SECRET).getBytes(StandardCharsets.UTF_8), scope[1]);
        key = hmac(key, REGION);
        key = hmac(key, "oss");
        key = hmac(key, TERMINATOR);
        String expected = hex(hmac(key, stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return "SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided.";
        }
        return null;
    }

    private static Set<String> splitHeaders(String list) {
        Set<String> names = new TreeSet<>();
        if (list != null && !list.isBlank()) {
            for (String name : list.split(";")) {
                names.add(name.strip().toLowerCase());
            }
        }
        return names;
    }

    private static String canonicalQuery(Map<String, String> query) {
        TreeMap<String, String> encoded = new TreeMap<>();
        query.forEach((k, v) -> encoded.put(encode(k.strip(), false), v == null ? "" : encode(v.strip(), false)));
        return encoded.entrySet().stream()
                .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }

    private static String canonicalHeaders(Headers headers, Set<String> additional) {
        TreeMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase();
            if (lower.equals("content-type") || lower.equals("content-md5") || lower.startsWith("x-oss-")
                    || additional.contains(lower)) {
                signed.put(lower, String.join(",", values).strip());
            }
        });
        StringBuilder out = new StringBuilder();
        signed.forEach((name, value) -> out.append(name).append(':').append(value).append('\n'));
        return out.toString();
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return query;
    }

    /** Percent-decoding only: in a path, '+' is a plus. */
    private static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** OSS' encoding of the canonical request: RFC 3986 unreserved kept, '/' kept in paths. */
    private static String encode(String value, boolean path) {
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
        return path ? encoded.replace("%2F", "/") : encoded;
    }

    private static void drain(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        xml(exchange, status, "<Error><Code>" + code + "</Code><Message>" + escape(message) + "</Message><RequestId>"
                + requestId() + "</RequestId><HostId>" + BUCKET + ".emulator</HostId></Error>");
    }

    private static void xml(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.getResponseHeaders().set("x-oss-request-id", requestId());
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String requestId() {
        return UUID.randomUUID().toString().replace("-", "").toUpperCase();
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
