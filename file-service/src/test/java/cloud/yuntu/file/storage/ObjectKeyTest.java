package cloud.yuntu.file.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.platform.problem.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"scenes/20250101/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/shot_010.ma",
            "results/20250101/t/beauty.0001.exr", "assets/sha256/ab12", "a", "a b/c+d"})
    void acceptsRelativeKeys(String key) {
        assertThat(ObjectKey.of(key).value()).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "../etc/passwd", "a/../../b", "..", "/abs/key", "a\\b", "a//b", "a/", "a/./b",
            ".staging/x", "a/.hidden", "a\nb", "a\u0000b"})
    void rejectsUnsafeKeysNamingTheField(String key) {
        assertThatThrownBy(() -> ObjectKey.of(key))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(422);
                    assertThat(e.problem().errors()).singleElement()
                            .satisfies(error -> assertThat(error.field()).isEqualTo("key"));
                });
    }

    @org.junit.jupiter.api.Test
    void rejectsKeysLongerThanOssAllows() {
        assertThatThrownBy(() -> ObjectKey.of("k/" + "x".repeat(ObjectKey.MAX_BYTES)))
                .isInstanceOf(ProblemException.class);
    }
}
