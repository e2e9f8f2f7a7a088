package cloud.yuntu.file.presign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.file.storage.ObjectKey;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UrlSignerTest {

    private final UrlSigner signer = new UrlSigner("unit-test-key");
    private final ObjectKey key = ObjectKey.of("results/20250101/t/beauty.0001.png");
    private final Instant expires = Instant.ofEpochSecond(1_900_000_000L);
    private static final UploadTerms TERMS = new UploadTerms(1234,
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", UUID.randomUUID());

    @Test
    void verifiesWhatItSigned() {
        String signature = signer.sign(AccessMethod.GET, key, expires);
        assertThat(signature).matches("[0-9a-f]{64}");
        assertThat(signer.verify(AccessMethod.GET, key, expires.getEpochSecond(), signature)).isTrue();
    }

    @Test
    void rejectsAnyChangeOfMethodKeyExpiryOrSignature() {
        String signature = signer.sign(AccessMethod.GET, key, expires);
        assertThat(signer.verify(AccessMethod.PUT, key, expires.getEpochSecond(), signature)).isFalse();
        assertThat(signer.verify(AccessMethod.GET, ObjectKey.of("results/20250101/t/beauty.0002.png"),
                expires.getEpochSecond(), signature)).isFalse();
        assertThat(signer.verify(AccessMethod.GET, key, expires.getEpochSecond() + 1, signature)).isFalse();
        String flipped = signature.substring(0, 63) + (signature.endsWith("0") ? "1" : "0");
        assertThat(signer.verify(AccessMethod.GET, key, expires.getEpochSecond(), flipped)).isFalse();
        assertThat(signer.verify(AccessMethod.GET, key, expires.getEpochSecond(), "not-hex")).isFalse();
        assertThat(signer.verify(AccessMethod.GET, key, expires.getEpochSecond(), "")).isFalse();
    }

    @Test
    void anotherKeyProducesAnotherSignature() {
        assertThat(new UrlSigner("other-key").sign(AccessMethod.GET, key, expires))
                .isNotEqualTo(signer.sign(AccessMethod.GET, key, expires));
    }

    @Test
    void refusesAnEmptySigningKey() {
        assertThatThrownBy(() -> new UrlSigner(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUploadSignatureCoversSizeDigestAndUploadId() {
        String signature = signer.signUpload(key, expires, TERMS);
        assertThat(signature).matches("[0-9a-f]{64}");
        assertThat(signer.verifyUpload(key, expires.getEpochSecond(), TERMS, signature)).isTrue();

        UploadTerms otherSize = new UploadTerms(TERMS.size() + 1, TERMS.sha256(), TERMS.uploadId());
        UploadTerms otherDigest = new UploadTerms(TERMS.size(), "f" + TERMS.sha256().substring(1), TERMS.uploadId());
        UploadTerms otherUpload = new UploadTerms(TERMS.size(), TERMS.sha256(), UUID.randomUUID());
        for (UploadTerms altered : new UploadTerms[] {otherSize, otherDigest, otherUpload}) {
            assertThat(signer.verifyUpload(key, expires.getEpochSecond(), altered, signature)).as("%s", altered).isFalse();
        }
        assertThat(signer.verifyUpload(ObjectKey.of("results/20250101/t/beauty.0002.png"), expires.getEpochSecond(),
                TERMS, signature)).isFalse();
        assertThat(signer.verifyUpload(key, expires.getEpochSecond() + 1, TERMS, signature)).isFalse();
        // Neither is an upload signature a plain PUT one, nor the other way round.
        assertThat(signer.verify(AccessMethod.PUT, key, expires.getEpochSecond(), signature)).isFalse();
        assertThat(signer.verifyUpload(key, expires.getEpochSecond(), TERMS,
                signer.sign(AccessMethod.PUT, key, expires))).isFalse();
    }

    @Test
    void aChosenFileNameIsInsideTheSignature() {
        String signature = signer.signDownload(key, expires, "final render.png");
        assertThat(signer.verifyDownload(key, expires.getEpochSecond(), "final render.png", signature)).isTrue();
        assertThat(signer.verifyDownload(key, expires.getEpochSecond(), "other.png", signature)).isFalse();
        assertThat(signer.verifyDownload(key, expires.getEpochSecond() + 1, "final render.png", signature)).isFalse();
        // Dropping the name does not make it a plain download URL, nor can a plain one be given a name.
        assertThat(signer.verify(AccessMethod.GET, key, expires.getEpochSecond(), signature)).isFalse();
        assertThat(signer.verifyDownload(key, expires.getEpochSecond(), "x.png",
                signer.sign(AccessMethod.GET, key, expires))).isFalse();
    }

    @Test
    void aDownloadUrlWithAChosenNameCarriesItEncoded() {
        LocalUrlPresigner presigner = new LocalUrlPresigner(java.net.URI.create("http://files.example:8082"), signer);
        String url = presigner.presignDownload(key, "my frame+1 é.png", expires).toString();
        assertThat(url).isEqualTo("http://files.example:8082/api/files/blob/" + key + "?method=GET&expires=1900000000"
                + "&name=my%20frame%2B1%20%C3%A9.png&signature=" + signer.signDownload(key, expires, "my frame+1 é.png"));
    }

    @Test
    void presignedUrlsAreAbsoluteWithEncodedSegments() {
        LocalUrlPresigner presigner = new LocalUrlPresigner(java.net.URI.create("http://files.example:8082/"), signer);
        String url = presigner.presign(ObjectKey.of("results/d/t/my frame+1.png"), AccessMethod.GET, expires).toString();
        assertThat(url).startsWith("http://files.example:8082/api/files/blob/results/d/t/my%20frame%2B1.png?method=GET&expires=1900000000&signature=");
    }

    @Test
    void uploadUrlsCarryWhatTheyAreBoundTo() {
        LocalUrlPresigner presigner = new LocalUrlPresigner(java.net.URI.create("http://files.example:8082"), signer);
        String url = presigner.presignUpload(key, TERMS, expires).toString();
        assertThat(url).isEqualTo("http://files.example:8082/api/files/blob/" + key + "?method=PUT&expires=1900000000"
                + "&size=" + TERMS.size() + "&sha256=" + TERMS.sha256() + "&upload=" + TERMS.uploadId()
                + "&signature=" + signer.signUpload(key, expires, TERMS));
        assertThatThrownBy(() -> presigner.presign(key, AccessMethod.PUT, expires))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
