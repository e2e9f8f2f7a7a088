package cloud.yuntu.file.presign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.file.storage.ObjectKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UrlSignerTest {

    private final UrlSigner signer = new UrlSigner("unit-test-key");
    private final ObjectKey key = ObjectKey.of("results/20250101/t/beauty.0001.png");
    private final Instant expires = Instant.ofEpochSecond(1_900_000_000L);

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
    void presignedUrlsAreAbsoluteWithEncodedSegments() {
        LocalUrlPresigner presigner = new LocalUrlPresigner(java.net.URI.create("http://files.example:8082/"), signer);
        String url = presigner.presign(ObjectKey.of("results/d/t/my frame+1.png"), AccessMethod.PUT, expires).toString();
        assertThat(url).startsWith("http://files.example:8082/api/files/blob/results/d/t/my%20frame%2B1.png?method=PUT&expires=1900000000&signature=");
    }
}
