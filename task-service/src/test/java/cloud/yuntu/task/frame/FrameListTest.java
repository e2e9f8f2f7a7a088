package cloud.yuntu.task.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrameListTest {

    @Test
    void readsRangesStepsAndLists() {
        assertThat(FrameList.parse("1-10", 100).numbers()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(FrameList.parse("1-100x25", 100).numbers()).containsExactly(1, 26, 51, 76);
        assertThat(FrameList.parse("1, 3,5-9", 100).numbers()).containsExactly(1, 3, 5, 6, 7, 8, 9);
        assertThat(FrameList.parse("7", 100).numbers()).containsExactly(7);
        assertThat(FrameList.parse("-2-1", 100).numbers()).containsExactly(-2, -1, 0, 1);
    }

    @Test
    void overlapsRenderOnce() {
        assertThat(FrameList.parse("1-5,3-7,5", 100).numbers()).isEqualTo(List.of(1, 2, 3, 4, 5, 6, 7));
    }

    @Test
    void refusesWhatIsNotAFrameList() {
        assertThatThrownBy(() -> FrameList.parse("10-1", 100)).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> FrameList.parse("abc", 100)).hasMessageContaining("\"abc\" is not a frame");
        assertThatThrownBy(() -> FrameList.parse("1-10x0", 100)).hasMessageContaining("step below 1");
        assertThatThrownBy(() -> FrameList.parse("1,,2", 100)).hasMessageContaining("\"\" is not a frame");
        assertThatThrownBy(() -> FrameList.parse(" ", 100)).hasMessageContaining("must not be empty");
    }

    @Test
    void capsTheFrameCountBeforeExpanding() {
        assertThat(FrameList.parse("1-100", 100).size()).isEqualTo(100);
        assertThatThrownBy(() -> FrameList.parse("1-101", 100)).hasMessageContaining("more than 100 frames");
        assertThatThrownBy(() -> FrameList.parse("1-999999999", 100_000)).hasMessageContaining("more than 100000 frames");
    }
}
