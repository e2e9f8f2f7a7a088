package cloud.yuntu.file.storage.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.HttpMethod;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.PartListing;
import com.aliyun.oss.model.PartSummary;
import com.aliyun.oss.model.UploadPartRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator refuses what OSS refuses, so that tests passing against it mean something. */
class OssEmulatorTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private OssEmulator emulator;
    private OSS client;

    @BeforeEach
    void start() {
        emulator = OssEmulator.start();
        OssSettings settings = emulator.settings("");
        client = OssOperations.client(settings, settings.endpoint());
    }

    @AfterEach
    void stop() {
        client.shutdown();
        emulator.close();
    }

    @Test
    void acceptsTheSdksSignedRequests() throws IOException {
        client.putObject(OssEmulator.BUCKET, "a/b c+d.bin", new ByteArrayInputStream(new byte[] {1, 2}));
        client.copyObject(OssEmulator.BUCKET, "a/b c+d.bin", OssEmulator.BUCKET, "a/copy.bin");
        try (var object = client.getObject(OssEmulator.BUCKET, "a/copy.bin")) {
            assertThat(object.getObjectContent().readAllBytes()).containsExactly(1, 2);
        }
        client.deleteObject(OssEmulator.BUCKET, "a/b c+d.bin");
        assertThat(emulator.objectNames()).containsExactly("a/copy.bin");
    }

    @Test
    void aRequestSignedWithAWrongSecretIsRefused() {
        OssSettings right = emulator.settings("");
        OssSettings wrong = new OssSettings(right.endpoint(), right.publicEndpoint(), right.region(), right.bucket(),
                right.accessKeyId(), "not-the-secret", "", right.partSize());
        OSS forger = OssOperations.client(wrong, wrong.endpoint());
        try {
            assertThatThrownBy(() -> forger.putObject(OssEmulator.BUCKET, "x", new ByteArrayInputStream(new byte[] {1})))
                    .isInstanceOfSatisfying(OSSException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo("SignatureDoesNotMatch"));
        } finally {
            forger.shutdown();
        }
        assertThat(emulator.objectNames()).isEmpty();
    }

    @Test
    void anUnsignedRequestIsRefused() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(emulator.endpoint() + "/" + OssEmulator.BUCKET + "/x")).PUT(HttpRequest.BodyPublishers.ofString("x"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>AccessDenied</Code>");
        assertThat(emulator.objectNames()).isEmpty();
    }

    @Test
    void presignedUrlsWorkUntilTheyExpire() throws Exception {
        client.putObject(OssEmulator.BUCKET, "r/frame.png", new ByteArrayInputStream(new byte[] {9}));
        URI get = client.generatePresignedUrl(OssEmulator.BUCKET, "r/frame.png",
                new Date(System.currentTimeMillis() + 600_000), HttpMethod.GET).toURI();

        assertThat(send(HttpRequest.newBuilder(get).GET()).statusCode()).isEqualTo(200);
        emulator.advanceClock(Duration.ofMinutes(11));
        HttpResponse<String> expired = send(HttpRequest.newBuilder(get).GET());
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.body()).contains("<Code>AccessDenied</Code>", "expired");
    }

    @Test
    void aTamperedPresignedUrlIsRefused() throws Exception {
        client.putObject(OssEmulator.BUCKET, "r/frame.png", new ByteArrayInputStream(new byte[] {9}));
        client.putObject(OssEmulator.BUCKET, "r/other.png", new ByteArrayInputStream(new byte[] {8}));
        String get = client.generatePresignedUrl(OssEmulator.BUCKET, "r/frame.png",
                new Date(System.currentTimeMillis() + 600_000), HttpMethod.GET).toString();

        for (String tampered : new String[] {get.replace("frame.png", "other.png"),
                get.replace("x-oss-expires=600", "x-oss-expires=6000").replace("x-oss-expires=599", "x-oss-expires=5999"),
                get.substring(0, get.length() - 1) + (get.endsWith("0") ? "1" : "0")}) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(tampered)).GET());
            assertThat(response.statusCode()).as(tampered).isEqualTo(403);
            assertThat(response.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        }
    }

    @Test
    void aPresignedPutIsBoundToItsMethodAndKey() throws Exception {
        URI put = client.generatePresignedUrl(OssEmulator.BUCKET, "r/upload.bin",
                new Date(System.currentTimeMillis() + 600_000), HttpMethod.PUT).toURI();

        assertThat(send(HttpRequest.newBuilder(put).PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {4, 2})))
                .statusCode()).isEqualTo(200);
        assertThat(emulator.bytes("r/upload.bin")).containsExactly(4, 2);
        // The same URL used to read is a different request, so a different signature.
        assertThat(send(HttpRequest.newBuilder(put).GET()).statusCode()).isEqualTo(403);
    }

    @Test
    void multipartUploadsListTheirPartsAndRefuseSmallOnesButTheLast() throws IOException {
        String uploadId = client.initiateMultipartUpload(new InitiateMultipartUploadRequest(OssEmulator.BUCKET, "m/big"))
                .getUploadId();
        byte[] first = new byte[(int) OssSettings.MIN_PART_SIZE];
        List<PartETag> parts = new ArrayList<>();
        parts.add(client.uploadPart(new UploadPartRequest(OssEmulator.BUCKET, "m/big", uploadId, 1,
                new ByteArrayInputStream(first), first.length)).getPartETag());
        parts.add(client.uploadPart(new UploadPartRequest(OssEmulator.BUCKET, "m/big", uploadId, 2,
                new ByteArrayInputStream(new byte[] {5}), 1)).getPartETag());

        PartListing listing = client.listParts(new ListPartsRequest(OssEmulator.BUCKET, "m/big", uploadId));
        assertThat(listing.getParts()).extracting(PartSummary::getPartNumber).containsExactly(1, 2);
        assertThat(listing.getParts()).extracting(PartSummary::getSize).containsExactly((long) first.length, 1L);
        assertThat(emulator.objectNames()).isEmpty();

        client.completeMultipartUpload(new CompleteMultipartUploadRequest(OssEmulator.BUCKET, "m/big", uploadId, parts));
        assertThat(emulator.bytes("m/big")).hasSize(first.length + 1).endsWith(5);
        assertThat(emulator.pendingUploads()).isEmpty();

        String small = client.initiateMultipartUpload(new InitiateMultipartUploadRequest(OssEmulator.BUCKET, "m/small"))
                .getUploadId();
        List<PartETag> smallParts = new ArrayList<>();
        for (int number = 1; number <= 2; number++) {
            smallParts.add(client.uploadPart(new UploadPartRequest(OssEmulator.BUCKET, "m/small", small, number,
                    new ByteArrayInputStream(new byte[] {1}), 1)).getPartETag());
        }
        assertThatThrownBy(() -> client.completeMultipartUpload(
                new CompleteMultipartUploadRequest(OssEmulator.BUCKET, "m/small", small, smallParts)))
                .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("EntityTooSmall"));
        client.abortMultipartUpload(new AbortMultipartUploadRequest(OssEmulator.BUCKET, "m/small", small));
        assertThatThrownBy(() -> client.listParts(new ListPartsRequest(OssEmulator.BUCKET, "m/small", small)))
                .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchUpload"));
        assertThat(emulator.pendingUploads()).isEmpty();
    }

    @Test
    void listPartsPagesByMaxPartsAndPartNumberMarkerAsOssDoes() {
        String uploadId = client.initiateMultipartUpload(new InitiateMultipartUploadRequest(OssEmulator.BUCKET, "m/paged"))
                .getUploadId();
        for (int number : new int[] {1, 2, 4, 5, 7}) {
            client.uploadPart(new UploadPartRequest(OssEmulator.BUCKET, "m/paged", uploadId, number,
                    new ByteArrayInputStream(new byte[] {(byte) number}), 1));
        }

        ListPartsRequest request = new ListPartsRequest(OssEmulator.BUCKET, "m/paged", uploadId);
        request.setMaxParts(2);
        PartListing first = client.listParts(request);
        assertThat(first.getParts()).extracting(PartSummary::getPartNumber).containsExactly(1, 2);
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.getNextPartNumberMarker()).isEqualTo(2);

        request.setPartNumberMarker(first.getNextPartNumberMarker());
        PartListing second = client.listParts(request);
        assertThat(second.getParts()).extracting(PartSummary::getPartNumber).containsExactly(4, 5);
        assertThat(second.isTruncated()).isTrue();

        request.setPartNumberMarker(second.getNextPartNumberMarker());
        PartListing last = client.listParts(request);
        assertThat(last.getParts()).extracting(PartSummary::getPartNumber).containsExactly(7);
        assertThat(last.isTruncated()).isFalse();

        // A page size set on the emulator caps every page, whatever max-parts asks for (OSS: 1000).
        emulator.pageListParts(3);
        PartListing capped = client.listParts(new ListPartsRequest(OssEmulator.BUCKET, "m/paged", uploadId));
        assertThat(capped.getParts()).extracting(PartSummary::getPartNumber).containsExactly(1, 2, 4);
        assertThat(capped.isTruncated()).isTrue();
        assertThat(capped.getNextPartNumberMarker()).isEqualTo(4);
        client.abortMultipartUpload(new AbortMultipartUploadRequest(OssEmulator.BUCKET, "m/paged", uploadId));
    }

    @Test
    void failsTheNextRequestsWith503WhenToldTo() throws Exception {
        emulator.failNext(2);
        assertThatThrownBy(() -> client.putObject(OssEmulator.BUCKET, "x", new ByteArrayInputStream(new byte[] {1})))
                .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("ServiceUnavailable"));
        assertThatThrownBy(() -> client.getObject(OssEmulator.BUCKET, "x")).isInstanceOf(OSSException.class);
        client.putObject(OssEmulator.BUCKET, "x", new ByteArrayInputStream(new byte[] {1}));
        assertThat(emulator.objectNames()).containsExactly("x");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
