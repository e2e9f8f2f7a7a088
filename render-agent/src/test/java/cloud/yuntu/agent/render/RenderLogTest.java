package cloud.yuntu.agent.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RenderLogTest {

    @Test
    void keepsTheLastLines() {
        RenderLog log = new RenderLog(3);
        log.accept("Starting Rendering /tmp/shot.ma");
        log.accept("// Error: [mtoa] Failed to render frame 5");
        IntStream.range(0, 5).forEach(i -> log.accept("line " + i));

        assertThat(log.tail()).containsExactly("line 2", "line 3", "line 4");
    }
}
