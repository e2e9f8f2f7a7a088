package cloud.yuntu.scene.analysis;

import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.scene.parse.SceneParseException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The serialized size of a report, measured by writing it to a counter that stops at the limit,
 * so that an oversized report is refused without ever being held as text.
 */
public final class ReportSize {

    private ReportSize() {
    }

    /** @throws SceneParseException code limit-exceeded when the report's JSON is larger than {@code maxBytes} */
    public static void check(SceneReport report, int maxBytes) {
        Counter counter = new Counter(maxBytes);
        try {
            FarmJson.mapper().writeValue(counter, report);
        } catch (IOException e) {
            if (!counter.exceeded) {
                throw new UncheckedIOException(e);
            }
            long renderable = report.layers().isEmpty() ? 0 : report.layers().getFirst().cameras().size();
            throw SceneParseException.refused("the report of this scene would be larger than " + maxBytes
                    + " bytes, the most that is answered (" + report.layers().size() + " render layers x " + renderable
                    + " renderable cameras, " + report.cameras().size() + " cameras, " + report.dependencies().size()
                    + " dependencies, " + report.warnings().size() + " warnings)");
        }
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("report larger than the limit");
        }
    }

    private static final class Counter extends OutputStream {
        private final long max;
        private long count;
        private boolean exceeded;

        Counter(long max) {
            this.max = max;
        }

        @Override
        public void write(int b) throws IOException {
            add(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            add(len);
        }

        private void add(long n) throws IOException {
            count += n;
            if (count > max) {
                exceeded = true;
                throw new TooLarge();
            }
        }
    }
}
