package cloud.yuntu.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    @Test
    void onlyPostingToTheTokenEndpointAndPresignedUrlsGoWithoutAToken() {
        assertThat(Admission.of(HttpMethod.POST, "/api/auth/token")).isEqualTo(Admission.TOKEN_ENDPOINT);
        assertThat(Admission.of(HttpMethod.GET, "/api/files/blob/scenes/20260101/x/shot.ma")).isEqualTo(Admission.PRESIGNED);
        assertThat(Admission.of(HttpMethod.PUT, "/api/files/blob/results/20260101/t/f.exr")).isEqualTo(Admission.PRESIGNED);

        assertThat(Admission.of(HttpMethod.GET, "/api/auth/token")).isEqualTo(Admission.BEARER_TOKEN);
        assertThat(Admission.of(HttpMethod.POST, "/api/auth/token/x")).isEqualTo(Admission.BEARER_TOKEN);
        assertThat(Admission.of(HttpMethod.POST, "/api/accounts/alice/token")).isEqualTo(Admission.BEARER_TOKEN);
        assertThat(Admission.of(HttpMethod.GET, "/api/files/blob")).isEqualTo(Admission.BEARER_TOKEN);
        assertThat(Admission.of(HttpMethod.GET, "/api/files/results/t")).isEqualTo(Admission.BEARER_TOKEN);
        assertThat(Admission.of(HttpMethod.GET, "/api/tasks")).isEqualTo(Admission.BEARER_TOKEN);
    }

    @Test
    void contentUploadsNeedATokenAndCountAsTransfers() {
        String sha256 = "ab".repeat(32);
        assertThat(Admission.of(HttpMethod.PUT, "/api/assets/" + sha256)).isEqualTo(Admission.CONTENT_TRANSFER);
        assertThat(Admission.of(HttpMethod.PUT, "/api/files/uploads/u1/parts/3")).isEqualTo(Admission.CONTENT_TRANSFER);

        assertThat(Admission.of(HttpMethod.POST, "/api/assets/check")).as("a check is an API call").isEqualTo(Admission.BEARER_TOKEN);
        assertThat(Admission.of(HttpMethod.GET, "/api/assets/" + sha256)).isEqualTo(Admission.BEARER_TOKEN);
        assertThat(Admission.of(HttpMethod.PUT, "/api/assets/" + sha256 + "/x")).isEqualTo(Admission.BEARER_TOKEN);
        assertThat(Admission.of(HttpMethod.POST, "/api/files/uploads")).isEqualTo(Admission.BEARER_TOKEN);
        assertThat(Admission.of(HttpMethod.POST, "/api/files/uploads/u1/complete")).isEqualTo(Admission.BEARER_TOKEN);
        assertThat(Admission.of(HttpMethod.PUT, "/api/files/uploads/u1")).isEqualTo(Admission.BEARER_TOKEN);
    }
}
