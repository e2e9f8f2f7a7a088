package cloud.yuntu.file.storage;

import static org.assertj.core.api.Assertions.assertThat;

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
}
