package cloud.yuntu.file.framelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogAssemblerTest {

    @Test
    void consecutiveBatchesJoinWithoutMarks() {
        assertThat(text(batch(0, "a", "b"), batch(2, "c"), batch(3, "d", "e"))).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void aRepeatedBatchIsWrittenOnce() {
        assertThat(text(batch(0, "a", "b"), batch(0, "a", "b"), batch(2, "c"), batch(2, "c")))
                .containsExactly("a", "b", "c");
    }

    @Test
    void overlappingBatchesAddOnlyTheirNewLines() {
        assertThat(text(batch(0, "a", "b", "c"), batch(1, "b", "c", "d"), batch(2, "c")))
                .containsExactly("a", "b", "c", "d");
    }

    @Test
    void aBatchThatNeverArrivedIsMarkedWithTheNumberOfItsLines() {
        assertThat(text(batch(0, "a", "b"), batch(5, "f"), batch(6, "g"), batch(7, "h")))
                .containsExactly("a", "b", "[… 3 lines missing …]", "f", "g", "h");
    }

    @Test
    void oneMissingLineIsSaidInTheSingular() {
        assertThat(text(batch(0, "a"), batch(2, "c"))).containsExactly("a", "[… 1 line missing …]", "c");
    }

    @Test
    void linesMissingBeforeTheFirstBatchAreMarkedToo() {
        assertThat(text(batch(200, "x", "y"))).containsExactly("[… 200 lines missing …]", "x", "y");
    }

    @Test
    void emptyLinesAreLinesOfTheirOwn() {
        assertThat(text(batch(0, ""), batch(1, "", "b"))).containsExactly("", "", "b");
    }

    @Test
    void aLogWithoutBatchesIsEmpty() {
        assertThat(text()).isEmpty();
    }

    private record Batch(long firstLine, List<String> lines) {
    }

    private static Batch batch(long firstLine, String... lines) {
        return new Batch(firstLine, List.of(lines));
    }

    private static List<String> text(Batch... inOrder) {
        LogAssembler assembler = new LogAssembler();
        List<String> out = new ArrayList<>();
        for (Batch batch : inOrder) {
            out.addAll(assembler.accept(batch.firstLine(), batch.lines()));
        }
        return out;
    }
}
