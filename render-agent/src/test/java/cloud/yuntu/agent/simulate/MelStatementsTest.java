package cloud.yuntu.agent.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.agent.simulate.MelStatements.Statement;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MelStatementsTest {

    @TempDir
    Path dir;

    @Test
    void aStatementSpansLinesAndAStringHoldsSemicolonsCommentsAndEscapes() {
        List<Statement> statements = MelStatements.of("""
                //Maya ASCII 2025 scene
                createNode file
                \t-n "file1"; // a comment; not a statement
                \tsetAttr ".ftn"
                \t\t-type "string" "a;b//c \\"quoted\\"\\\\x";
                fileInfo "note" "multi
                line";
                """);

        assertThat(statements).containsExactly(
                new Statement(List.of("createNode", "file", "-n", "file1"), 2),
                new Statement(List.of("setAttr", ".ftn", "-type", "string", "a;b//c \"quoted\"\\x"), 4),
                new Statement(List.of("fileInfo", "note", "multi\nline"), 6));
    }

    @Test
    void aStatementCutOffByTheEndOfTheFileIsStillRead() {
        assertThat(MelStatements.of("requires maya \"2025\";\nfileInfo \"a\" \"b\""))
                .extracting(Statement::words).containsExactly(List.of("requires", "maya", "2025"), List.of("fileInfo", "a", "b"));
    }

    @Test
    void readsTextArrivingInPiecesOfAnySizeTheSameAsWhole() throws Exception {
        String text = "createNode file -n \"f\";\n\tsetAttr \".ftn\" -type \"string\" \"x;y.png\";\n// c\nfileInfo \"k\" \"v\";\n";
        List<Statement> whole = MelStatements.of(text);
        List<Statement> trickled = new ArrayList<>();
        // A reader handing out one character at a time: every boundary falls inside a word, a string, a comment.
        Reader oneByOne = new StringReader(text) {
            @Override
            public int read(char[] buffer, int offset, int length) throws java.io.IOException {
                return super.read(buffer, offset, Math.min(1, length));
            }
        };
        MelStatements.read(oneByOne, trickled::add);

        assertThat(trickled).isEqualTo(whole).hasSize(3);
    }

    @Test
    void ofAHugeStatementOnlyItsFirstWordsAndTheirFirstCharactersAreKept() {
        StringBuilder text = new StringBuilder("setAttr -s 100000 \".vt[0:99999]\"");
        for (int i = 0; i < 100_000; i++) {
            text.append(" 0.5");
        }
        text.append(" \"").append("x".repeat(MelStatements.MAX_WORD_CHARS + 10)).append("\";\nfileInfo \"k\" \"v\";");

        List<Statement> statements = MelStatements.of(text.toString());

        assertThat(statements).hasSize(2);
        assertThat(statements.getFirst().words()).hasSize(MelStatements.MAX_WORDS)
                .startsWith("setAttr", "-s", "100000", ".vt[0:99999]", "0.5");
        assertThat(statements.get(1)).isEqualTo(new Statement(List.of("fileInfo", "k", "v"), 2));
        assertThat(MelStatements.of("\"" + "y".repeat(MelStatements.MAX_WORD_CHARS + 10) + "\";").getFirst().words().getFirst())
                .hasSize(MelStatements.MAX_WORD_CHARS);
    }

    @Test
    void aMayaAsciiScenesSettingsAreItsFileInfoStatementsNotTextInsideStringsOrComments() throws Exception {
        Path scene = dir.resolve("shot.ma");
        Files.writeString(scene, """
                //Maya ASCII 2025 scene
                // fileInfo "yuntu.simulate.failFrames" "9";
                createNode script -n "s";
                \tsetAttr ".b" -type "string" "fileInfo \\"yuntu.simulate.blackFrames\\" \\"3\\";";
                fileInfo
                \t"yuntu.simulate.failFrames" "5,7";
                fileInfo "yuntu.simulate.msPerFrame" "10";
                fileInfo "yuntu.simulate.msPerFrame" "20";
                fileInfo "application" "maya";
                """);

        assertThat(SceneFile.read(scene).simulate()).isEqualTo(Map.of("failFrames", "5,7", "msPerFrame", "20"));
    }

    @Test
    void aBinarySceneIsScannedForFileInfoWhereverItFallsAmongTheChunksItIsReadIn() throws Exception {
        String statement = "fileInfo \"yuntu.simulate.failFrames\" \"4\";";
        // Around the end of the first round of the scan, where a statement straddles what is scanned and what is kept.
        long edge = SceneFile.CHUNK + SceneFile.LONGEST_BINARY_FILE_INFO;
        for (long at : new long[] {0, SceneFile.CHUNK - 20, edge - SceneFile.LONGEST_BINARY_FILE_INFO - 10, edge - 40,
                edge - 20, edge - 1, edge, edge + 5, 3 * edge - 17}) {
            Path mb = dir.resolve("cube" + at + ".mb");
            byte[] bytes = new byte[(int) at + statement.length() + 100];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i * 31 + 7);
            }
            System.arraycopy(statement.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, bytes, (int) at,
                    statement.length());
            Files.write(mb, bytes);

            assertThat(SceneFile.read(mb).simulate()).as("at %d", at).isEqualTo(Map.of("failFrames", "4"));
            assertThat(SceneFile.read(mb).dependencies()).isEmpty();
        }
    }
}
