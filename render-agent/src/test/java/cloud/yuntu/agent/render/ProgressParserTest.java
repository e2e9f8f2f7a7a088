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
        assertThat(ProgressParser.framePercent("00:00:00   512MB         | [mtoa] rendering layer x | 100% done"))
                .as("a name echoed later in Arnold's line").isEmpty();
    }

    @Test
    void linesOfProjectFilesReadOrMissingAreNoProgress() {
        assertThat(ProgressParser.framePercent("00:00:00    43MB         | [mtoa] read texture file1.fileTextureName "
                + "\"/w/project/sourceimages/45% done.png\": 10 bytes, sha256 7a04f170")).isEmpty();
        assertThat(ProgressParser.framePercent("00:00:01    43MB ERROR   |  [texturesys] file1: Could not open file "
                + "\"/w/project/sourceimages/45% done.png\"")).isEmpty();
        assertThat(ProgressParser.framePercent("00:00:01    43MB WARNING |  render terminating early:  received abort signal"))
                .isEmpty();
        assertThat(ProgressParser.framePercent("// Warning: file: /w/shot.ma line 5: Reference file not found: "
                + "../assets/45% done.ma //")).isEmpty();
        assertThat(ProgressParser.framePercent("R00001 read texture file1.fileTextureName \"/w/R90000 45%.png\"")).isEmpty();
    }

    @Test
    void readsVrayRenderManAndRedshiftProgress() {
        assertThat(ProgressParser.framePercent(
                "[2026/Jan/01|10:00:00] V-Ray: Rendering image...: 45.50% [ 0h  0m  1.2s] [ 0h  0m  1.4s est]")).hasValue(45.5);
        assertThat(ProgressParser.framePercent("R90000    40%")).hasValue(40);
        assertThat(ProgressParser.framePercent("R00001 Rendering frame 40%")).isEmpty();
        assertThat(ProgressParser.framePercent("\t\tBlock 12/48 (3,1) rendered by GPU 0 in 15ms")).hasValue(25);
        assertThat(ProgressParser.framePercent("\tRendering blocks... (block size: 128x128)")).isEmpty();
    }

    @Test
    void aRedshiftChunkCountsItsFramesByTheirBlocks() {
        ProgressParser parser = new ProgressParser(2);

        assertThat(parser.accept("\t\tBlock 5/10 (1,1) rendered by GPU 0 in 4ms")).hasValue(25);
        assertThat(parser.accept("\t\tBlock 10/10 (2,2) rendered by GPU 0 in 4ms")).hasValue(50);
        assertThat(parser.accept("\t\tBlock 1/10 (0,0) rendered by GPU 0 in 4ms")).hasValue(55);
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
