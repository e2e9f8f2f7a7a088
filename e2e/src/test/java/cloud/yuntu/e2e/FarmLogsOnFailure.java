package cloud.yuntu.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * When an e2e test fails, the farm's own logs are the only record of why (a timeout says only
 * that something never happened), and CI keeps nothing but the build output: so the tail of
 * every service and agent log is printed with the failure.
 */
final class FarmLogsOnFailure implements TestWatcher {

    private static final int LINES_PER_LOG = 80;

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Path logs = FarmUnderTest.DATA_DIR.resolve("logs");
        StringBuilder out = new StringBuilder("\n==== farm logs after the failure of ")
                .append(context.getDisplayName()).append(" ====\n");
        try (Stream<Path> files = Files.list(logs)) {
            files.sorted().forEach(log -> out.append("---- ").append(log.getFileName()).append(" ----\n")
                    .append(tail(log)).append('\n'));
        } catch (IOException e) {
            out.append("(no logs in ").append(logs).append(": ").append(e).append(")\n");
        }
        System.out.println(out);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LINES_PER_LOG), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
