package cloud.yuntu.scene.messaging;

import cloud.yuntu.contracts.scene.SceneAnalysisRequested;
import java.util.Optional;

/**
 * Whether a {@link SceneAnalysisRequested} read from {@code farm.scene-analysis} can be answered at all: it
 * needs its id (which the answer's id and the record of it being answered derive from) and a scene key
 * (the answer's key, what is analysed) that can name a stored object. One that cannot is no request
 * anyone waits for an answer to: it becomes a dead letter. Pure.
 */
final class RequestCheck {

    private RequestCheck() {
    }

    /** @return why the request cannot be answered; empty when it can */
    static Optional<String> problem(SceneAnalysisRequested request) {
        if (request.id() == null) {
            return Optional.of("no id");
        }
        String key = request.sceneKey();
        if (key == null || key.isBlank()) {
            return Optional.of("no scene key");
        }
        if (key.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("a scene key with control characters");
        }
        return Optional.empty();
    }
}
