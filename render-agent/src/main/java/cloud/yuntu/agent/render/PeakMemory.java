package cloud.yuntu.agent.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Best-effort peak resident memory of a process tree from Linux' {@code /proc/<pid>/status}
 * (VmHWM, the high-water mark); 0 on systems without procfs.
 */
final class PeakMemory {

    private PeakMemory() {
    }

    static long of(ProcessHandle root) {
        long total = highWaterMark(root.pid());
        for (ProcessHandle child : root.descendants().toList()) {
            total += highWaterMark(child.pid());
        }
        return total;
    }

    static long highWaterMark(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    String kb = line.substring("VmHWM:".length()).replace("kB", "").trim();
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | NumberFormatException | SecurityException gone) {
            // The process ended between listing and reading, or there is no procfs.
        }
        return 0;
    }
}
