package cloud.yuntu.agent.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The confirmed digest a 409 names, RFC 9530 {@code Repr-Digest}. */
class ReprDigestTest {

    private static final String SHA256_OF_TEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void readsTheSha256Member() {
        assertThat(OutputUploader.sha256Of("sha-256=:n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=:"))
                .contains(SHA256_OF_TEST);
        assertThat(OutputUploader.sha256Of("sha-512=:AAAA:, sha-256=:n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=:"))
                .contains(SHA256_OF_TEST);
    }

    @Test
    void anythingElseNamesNoDigest() {
        assertThat(OutputUploader.sha256Of("sha-512=:n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=:")).isEmpty();
        assertThat(OutputUploader.sha256Of("sha-256=:AAAA:")).isEmpty();
        assertThat(OutputUploader.sha256Of("sha-256=:not base64!:")).isEmpty();
        assertThat(OutputUploader.sha256Of("")).isEmpty();
    }
}
