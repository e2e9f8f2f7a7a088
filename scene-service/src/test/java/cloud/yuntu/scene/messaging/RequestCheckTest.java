package cloud.yuntu.scene.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.scene.SceneAnalysisRequested;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestCheckTest {

    private static SceneAnalysisRequested request(UUID id, String key) {
        return new SceneAnalysisRequested(id, Instant.now(), key, UUID.randomUUID(), List.of());
    }

    @Test
    void aRequestWithItsIdAndAStorableSceneKeyCanBeAnswered() {
        assertThat(RequestCheck.problem(request(UUID.randomUUID(), "scenes/20260101/abc/shot 010 ünï.ma"))).isEmpty();
        // Without a task (an analysis on its own) or uploaded paths: still a request.
        assertThat(RequestCheck.problem(new SceneAnalysisRequested(UUID.randomUUID(), null, "scenes/a.mb", null, null)))
                .isEmpty();
    }

    @Test
    void aRequestWithoutIdOrSceneKeyCannot() {
        assertThat(RequestCheck.problem(request(null, "scenes/a.ma"))).contains("no id");
        assertThat(RequestCheck.problem(request(UUID.randomUUID(), null))).contains("no scene key");
        assertThat(RequestCheck.problem(request(UUID.randomUUID(), " \t"))).contains("no scene key");
    }

    @Test
    void aSceneKeyWithControlCharactersNamesNoStoredObject() {
        assertThat(RequestCheck.problem(request(UUID.randomUUID(), "scenes/a\u0000.ma")))
                .contains("a scene key with control characters");
        assertThat(RequestCheck.problem(request(UUID.randomUUID(), "scenes/a\n.ma")))
                .contains("a scene key with control characters");
    }
}
