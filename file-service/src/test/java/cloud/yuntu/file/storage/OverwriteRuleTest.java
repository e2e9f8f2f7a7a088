package cloud.yuntu.file.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OverwriteRuleTest {

    private static final ObjectKey RESULT = ObjectKey.of("results/20250101/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/beauty.0001.exr");
    private static final ObjectKey SCENE = ObjectKey.of("scenes/20250101/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/shot.ma");
    private static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void aNewKeyIsWritten() {
        assertThat(OverwriteRule.refusal(RESULT, ExistingObject.NONE)).isEmpty();
        assertThat(OverwriteRule.refusal(SCENE, ExistingObject.NONE)).isEmpty();
    }

    @Test
    void anUnconfirmedResultIsWrittenAgainByARetriedFrame() {
        assertThat(OverwriteRule.refusal(RESULT, new ExistingObject(true, Optional.empty()))).isEmpty();
    }

    @Test
    void aConfirmedResultIsNeverReplacedAndTheAnswerNamesItsDigest() {
        Optional<?> refusal = OverwriteRule.refusal(RESULT, new ExistingObject(true, Optional.of(SHA256)));
        assertThat(refusal).get().isInstanceOfSatisfying(ConfirmedObjectConflict.class, conflict -> {
            assertThat(conflict.status()).isEqualTo(409);
            assertThat(conflict.sha256()).isEqualTo(SHA256);
            // RFC 9530: the raw digest in base64 between colons.
            assertThat(conflict.reprDigest()).isEqualTo("sha-256=:n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=:");
        });
    }

    @Test
    void aSceneIsWrittenOnce() {
        assertThat(OverwriteRule.refusal(SCENE, new ExistingObject(true, Optional.empty())))
                .get().satisfies(problem -> assertThat(problem.status()).isEqualTo(409));
    }
}
