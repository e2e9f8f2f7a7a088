package cloud.yuntu.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsPathTest {

    @Test
    void idsBecomePlaceholdersAndTheApiWordsStay() {
        assertThat(MetricsPath.template("/api/tasks")).isEqualTo("/api/tasks");
        assertThat(MetricsPath.template("/api/tasks/6f1c7d2e-0b7a-4a51-9d55-3f0f8e1f2a10")).isEqualTo("/api/tasks/{id}");
        assertThat(MetricsPath.template("/api/tasks/6f1c7d2e-0b7a-4a51-9d55-3f0f8e1f2a10/pause"))
                .isEqualTo("/api/tasks/{id}/pause");
        assertThat(MetricsPath.template("/api/accounts/alice/token")).isEqualTo("/api/accounts/{id}/token");
        assertThat(MetricsPath.template("/api/files/results/6f1c7d2e-0b7a-4a51-9d55-3f0f8e1f2a10"))
                .isEqualTo("/api/files/results/{id}");
        assertThat(MetricsPath.template("/api/auth/token")).isEqualTo("/api/auth/token");
    }

    @Test
    void anObjectKeyIsOnePlaceholderWhateverItsDepth() {
        assertThat(MetricsPath.template("/api/files/blob/scenes/20260101/6f1c7d2e/shot.ma"))
                .isEqualTo("/api/files/blob/{key}");
    }

    @Test
    void deepOrStrangePathsStayBounded() {
        assertThat(MetricsPath.template("/api/scenes/a/b/c/d/e/f/g")).isEqualTo("/api/scenes/{id}/{id}/{id}/{id}/{rest}");
        assertThat(MetricsPath.template("/api/tasks/")).isEqualTo("/api/tasks/");
    }
}
