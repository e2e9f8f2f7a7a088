package cloud.yuntu.task.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.task.frame.FrameList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which frames of each layer render first as the task's test. */
class TestFramesTest {

    private static final List<Integer> ONE_TO_HUNDRED = IntStream.rangeClosed(1, 100).boxed().toList();

    @Test
    void autoTakesEachLayersFirstMiddleAndLastFrame() {
        assertThat(TestFrames.of("auto", ONE_TO_HUNDRED)).containsExactly(1, 50, 100);
        assertThat(TestFrames.of("auto", List.of(10, 15, 20, 25, 30))).containsExactly(10, 20, 30);
        assertThat(TestFrames.of("auto", List.of(-5, -4, -3, -2))).as("the lower middle of an even count")
                .containsExactly(-5, -4, -2);
    }

    @Test
    void autoIsCaseAndSpaceInsensitive() {
        assertThat(TestFrames.isAuto(" AUTO ")).isTrue();
        assertThat(TestFrames.isAuto("Auto")).isTrue();
        assertThat(TestFrames.isAuto("automatic")).isFalse();
        assertThat(TestFrames.isAuto("1,50,100")).isFalse();
        assertThat(TestFrames.isAuto(null)).isFalse();
        assertThat(TestFrames.of(" Auto", List.of(1, 2, 3, 4, 5))).containsExactly(1, 3, 5);
    }

    @Test
    void autoOnShortLayersTakesEachFrameOnce() {
        assertThat(TestFrames.of("auto", List.of(7))).containsExactly(7);
        assertThat(TestFrames.of("auto", List.of(7, 8))).containsExactly(7, 8);
        assertThat(TestFrames.of("auto", List.of(7, 8, 9))).containsExactly(7, 8, 9);
    }

    @Test
    void noSpecOrAnEmptyLayerHasNoTestFrames() {
        assertThat(TestFrames.of(null, ONE_TO_HUNDRED)).isEmpty();
        assertThat(TestFrames.of("auto", List.of())).isEmpty();
        assertThat(TestFrames.of("1,2", List.of())).isEmpty();
    }

    @Test
    void aFrameListTakesThoseOfItsNumbersTheLayerRenders() {
        assertThat(TestFrames.of("1,50,100", ONE_TO_HUNDRED)).containsExactly(1, 50, 100);
        assertThat(TestFrames.of("1-3", ONE_TO_HUNDRED)).containsExactly(1, 2, 3);
        assertThat(TestFrames.of("5,12,50", List.of(10, 12, 14))).as("only what this layer renders").containsExactly(12);
        assertThat(TestFrames.of("1,2", List.of(10, 12, 14))).isEmpty();
        assertThat(TestFrames.of("100, 1 ,50", ONE_TO_HUNDRED)).as("ascending, whatever the order listed")
                .containsExactly(1, 50, 100);
    }

    @Test
    void listedExpandsAFrameListAndRefusesMoreThanAHundredFrames() {
        assertThat(TestFrames.listed("1-3,10")).containsExactly(1, 2, 3, 10);
        assertThat(TestFrames.listed("1-100")).hasSize(TestFrames.MAX);
        assertThatThrownBy(() -> TestFrames.listed("1-101")).isInstanceOf(FrameList.InvalidFrameList.class)
                .hasMessageContaining("more than 100");
        assertThatThrownBy(() -> TestFrames.listed("auto")).isInstanceOf(FrameList.InvalidFrameList.class);
        assertThatThrownBy(() -> TestFrames.listed("3-1")).isInstanceOf(FrameList.InvalidFrameList.class);
    }

    @Test
    void outsideNamesListedNumbersThatNoLayerRenders() {
        List<List<Integer>> layers = List.of(List.of(1, 2, 3), List.of(10, 20));
        assertThat(TestFrames.outside("1,20", layers)).as("each in some layer").isEmpty();
        assertThat(TestFrames.outside("2,4,5,20,21", layers)).containsExactly(4, 5, 21);
        assertThat(TestFrames.outside("1", List.of())).containsExactly(1);
    }

    @Test
    void autoAndNoSpecAreNeverOutside() {
        assertThat(TestFrames.outside("auto", List.of())).isEmpty();
        assertThat(TestFrames.outside(null, List.of(List.of(1)))).isEmpty();
    }
}
