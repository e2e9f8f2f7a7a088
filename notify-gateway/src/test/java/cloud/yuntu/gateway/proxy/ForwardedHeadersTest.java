package cloud.yuntu.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    private static final URI TASK_SERVICE = URI.create("http://127.0.0.1:8081");
    private static final String GATEWAY = "https://farm.example.com";

    @Test
    void aLocationAtTheServicePointsAtTheGatewayWithPathQueryAndFragment() {
        assertThat(ForwardedHeaders.atGateway("http://127.0.0.1:8081/api/tasks/42?view=full#frames", TASK_SERVICE, GATEWAY))
                .isEqualTo("https://farm.example.com/api/tasks/42?view=full#frames");
    }

    @Test
    void theDefaultPortIsTheSameOrigin() {
        assertThat(ForwardedHeaders.atGateway("http://task-service/api/tasks/42", URI.create("http://task-service:80"), GATEWAY))
                .isEqualTo("https://farm.example.com/api/tasks/42");
    }

    @Test
    void relativeForeignAndUnparsableLocationsAreLeftAlone() {
        assertThat(ForwardedHeaders.atGateway("/api/tasks/42", TASK_SERVICE, GATEWAY)).isEqualTo("/api/tasks/42");
        assertThat(ForwardedHeaders.atGateway("http://127.0.0.1:8082/api/files/x", TASK_SERVICE, GATEWAY))
                .isEqualTo("http://127.0.0.1:8082/api/files/x");
        assertThat(ForwardedHeaders.atGateway("https://bucket.oss-cn-hangzhou.aliyuncs.com/a.png", TASK_SERVICE, GATEWAY))
                .isEqualTo("https://bucket.oss-cn-hangzhou.aliyuncs.com/a.png");
        assertThat(ForwardedHeaders.atGateway("http://[bad", TASK_SERVICE, GATEWAY)).isEqualTo("http://[bad");
    }
}
