package cloud.yuntu.file.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.contracts.problem.Problem;
import cloud.yuntu.platform.problem.ProblemException;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyLayoutTest {

    @Test
    void scenesLiveUnderTheirDayAndId() {
        UUID id = UUID.fromString("0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11");
        assertThat(KeyLayout.scene(LocalDate.of(2025, 3, 7), id, "shot.ma").value())
                .isEqualTo("scenes/20250307/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/shot.ma");
    }

    @Test
    void aResultKeyNamesItsTask() {
        UUID task = UUID.randomUUID();
        assertThat(KeyLayout.taskOfResult(ObjectKey.of("results/20250101/" + task + "/beauty.0001.exr"))).contains(task);
        assertThat(KeyLayout.taskOfResult(ObjectKey.of("results/20250101/" + task + "/deep/beauty.0001.exr")))
                .contains(task);
    }

    @ParameterizedTest
    @ValueSource(strings = {"scenes/20250101/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/shot.ma",
            "results/20250101/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11", "results/20250101/not-a-task/x.exr",
            "results/20250101/1-1-1-1-1/x.exr", "results/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/x.exr", "assets/sha256/ab"})
    void otherKeysNameNoTask(String key) {
        assertThat(KeyLayout.taskOfResult(ObjectKey.of(key))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"scenes/20250101/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/shot.ma",
            "scenes/20240229/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/shot v2.mb",
            "results/20250101/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/beauty.0001.exr",
            "results/20250101/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/passes/deep/beauty.0001.exr",
            "assets/sha256/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"})
    void theThreeLayoutsAreAccepted(String key) {
        assertThat(KeyLayout.strict(key).value()).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"scenes/20261203", "scenes/20261203/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11",
            "scenes/20261203/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/a/b.ma",
            "scenes/20250229/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/a.ma",
            "scenes/2026-12-03/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/a.ma",
            "scenes/20261203/0D7C5F0E-1F7B-4A53-9C57-2D2B4B9B4C11/a.ma", "scenes/20261203/1-1-1-1-1/a.ma",
            "results/20261203", "results/20261203/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11",
            "results/20261203/not-a-task/x.exr", "results/x/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/x.exr",
            "assets/sha256/ab", "assets/sha256/9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
            "assets/sha256/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08/x",
            "other/20261203/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11/x.exr", "a/b.png", "scenes"})
    void everyOtherKeyIsRefusedNamingTheKey(String key) {
        assertThatThrownBy(() -> KeyLayout.strict(key)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.problem().errors()).extracting(Problem.FieldError::field).containsExactly("key");
        });
    }

    @Test
    void noKeyOfALayoutIsTheFolderOfAnother() {
        // Days and ids are folders only: a key of a layout always has a file name below them.
        assertThat(KeyLayout.kindOf(ObjectKey.of("scenes/20261203"))).isEmpty();
        assertThat(KeyLayout.kindOf(ObjectKey.of("results/20261203/0d7c5f0e-1f7b-4a53-9c57-2d2b4b9b4c11"))).isEmpty();
        assertThat(KeyLayout.kindOf(ObjectKey.of("assets/sha256"))).isEmpty();
    }
}
