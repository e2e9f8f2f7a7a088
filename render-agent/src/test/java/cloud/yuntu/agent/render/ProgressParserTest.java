package cloud.yuntu.agent.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressParserTest {

    @Test
    void readsArnoldMayaSoftwareAndGenericProgress() {
        assertThat(ProgressParser.framePercent("00:00:03   512MB         | 45% done - 10 rays/pixel")).hasValue(45);
        assertThat(ProgressParser.framePercent("00:00:09  1024MB         | 100% done - 1 rays/pixel")).hasValue(100);
        assertThat(ProgressParser.framePercent("Percentage of rendering done: 30 (/tmp/shot.ma)")).hasValue(30);
        assertThat(ProgressParser.framePercent("Progress: 12.5%")).hasValue(12.5);
        assertThat(ProgressParser.framePercent("00:00:00   512MB         | [scene] loading shot.ma")).isEmpty();
        assertThat(ProgressParser.framePercent("// Error: 45% of nothing")).isEmpty();
    }

    @Test
    void spreadsPerFrameProgressOverTheChunk() {
        ProgressParser parser = new ProgressParser(4);

        assertThat(parser.accept("| 0% done")).hasValue(0);
        assertThat(parser.accept("| 50% done")).hasValue(12.5);
        assertThat(parser.accept("| 100% done")).hasValue(25);
        assertThat(parser.accept("| render done in 0:01.000")).isEmpty();
        assertThat(parser.accept("| 0% done")).hasValue(25);
        assertThat(parser.accept("| 100% done")).hasValue(50);
        assertThat(parser.accept("| 20% done")).hasValue(55);
    }

    @Test
    void neverPassesAHundred() {
        ProgressParser parser = new ProgressParser(1);

        parser.accept("| 100% done");
        assertThat(parser.accept("| 10% done")).hasValue(10);
        assertThat(parser.accept("| 250% done")).hasValue(100);
    }
}
