package cloud.yuntu.file.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.platform.problem.ProblemException;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeletionRuleTest {

    private static final UUID TASK = UUID.randomUUID();
    private static final ObjectKey RESULT = ObjectKey.of("results/20250101/" + TASK + "/beauty.0001.exr");
    private static final ObjectKey SCENE = ObjectKey.of("scenes/20250101/" + UUID.randomUUID() + "/shot.ma");

    @Test
    void aResultGoesOnlyOnceItsTaskEnded() {
        assertThat(DeletionRule.refusal(RESULT, Optional.of(true), true)).isEmpty();
        assertThat(DeletionRule.refusal(RESULT, Optional.of(false), false)).hasValueSatisfying(problem -> {
            assertThat(problem.status()).isEqualTo(409);
            assertThat(problem.problem().type().toString()).endsWith("/object-in-use");
            assertThat(problem.problem().detail()).contains(TASK.toString(), "has not ended");
        });
        assertThat(DeletionRule.refusal(RESULT, Optional.empty(), false)).hasValueSatisfying(problem ->
                assertThat(problem.problem().detail()).contains("not been announced"));
    }

    @Test
    void aSceneGoesOnlyWhileNoTaskOfItsOwnerIsOpen() {
        assertThat(DeletionRule.refusal(SCENE, Optional.empty(), false)).isEmpty();
        assertThat(DeletionRule.refusal(SCENE, Optional.empty(), true)).hasValueSatisfying(problem ->
                assertThat(problem.status()).isEqualTo(409));
    }

    @Test
    void assetsAndKeysOfNoLayoutAreNeverDeleted() {
        for (String key : new String[] {"assets/sha256/" + "0f".repeat(32), "a/b.png", "results/20250101/" + TASK,
                "scenes/20251399/" + UUID.randomUUID() + "/shot.ma", "", "../x"}) {
            assertThatThrownBy(() -> DeletionRule.deletable(key)).as(key)
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.status()).isEqualTo(422);
                        assertThat(e.problem().errors().getFirst().field()).isEqualTo("key");
                    });
        }
        assertThat(DeletionRule.deletable(SCENE.value())).isEqualTo(SCENE);
    }
}
