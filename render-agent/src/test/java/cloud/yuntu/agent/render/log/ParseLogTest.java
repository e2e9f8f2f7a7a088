package cloud.yuntu.agent.render.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ParseLogTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsOneJsonObjectPerEventAndTheVerdictLast() throws Exception {
        int exit = run("--renderer", "arnold", "--frames", "49", log("arnold/arnold-usd-1875-abort-without-errors.log"));

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "{\"type\":\"frame\",\"frame\":49,\"state\":\"started\"}",
                "{\"type\":\"error\",\"line\":\"WARNING |  render terminating early:  received abort signal\",\"kind\":\"aborted\","
                        + "\"fatal\":true,\"retryable\":true}",
                "{\"type\":\"frame\",\"frame\":49,\"state\":\"finished\"}",
                "{\"type\":\"progress\",\"percent\":100}",
                "{\"type\":\"error\",\"line\":\"00:00:02   279MB WARNING | [kick] render aborted due to earlier errors\","
                        + "\"kind\":\"aborted\",\"fatal\":true,\"retryable\":true}",
                "{\"type\":\"outcome\",\"outcome\":\"error\",\"reason\":\"render terminating early:  received abort signal\","
                        + "\"retryable\":true}");
    }

    @Test
    void aSuccessfulLogEndsWithSuccessAndEscapesWhatItQuotes() throws Exception {
        int exit = run("--renderer", "sw", log("mayaSoftware/mmmaomao-196-non-fatal-error.log"));

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "{\"type\":\"error\",\"line\":\"Error: line 1: UnicodeDecodeError: file C:\\\\Python270\\\\lib\\\\ntpath.py line 108: "
                        + "asc\",\"kind\":\"other\",\"fatal\":false,\"retryable\":true}",
                "{\"type\":\"outcome\",\"outcome\":\"success\",\"reason\":null}");
    }

    @Test
    void anUnknownRendererOrAnUnreadableFileExitsTwo() throws Exception {
        assertThat(run("--renderer", "mentalray", log("arnold/cgru-146-progress.log"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown renderer 'mentalray'").contains("arnold, vray");
        assertThat(run("--renderer", "arnold", "/nowhere/render.log")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read /nowhere/render.log");
        assertThat(run("--renderer", "arnold")).isEqualTo(2);
        assertThat(out.size()).isZero();
    }

    @Test
    void frameRangesAreStartEndAndStep() {
        assertThat(ParseLog.frameSequence("12")).isEqualTo(new FrameSequence(12, 1, 1));
        assertThat(ParseLog.frameSequence("10-20x2")).isEqualTo(new FrameSequence(10, 2, 6));
        assertThat(ParseLog.string("a\"b\u0001")).isEqualTo("\"a\\\"b\\u0001\"");
    }

    private int run(String... args) {
        return ParseLog.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String log(String name) throws URISyntaxException {
        return Path.of(ParseLogTest.class.getResource("/renderer-logs/" + name).toURI()).toString();
    }
}
