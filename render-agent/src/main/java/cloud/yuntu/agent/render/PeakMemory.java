package cloud.yuntu.agent.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Best-effort peak (VmHWM, the high-water mark) and current (VmRSS) resident memory of a process tree from Linux'
 * {@code /proc/<pid>/status}; 0 on systems without procfs.
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

    /** The tree's resident memory now: what a memory limit is measured against. */
    static long resident(ProcessHandle root) {
        long total = status(root.pid(), "VmRSS:");
        for (ProcessHandle child : root.descendants().toList()) {
            total += status(child.pid(), "VmRSS:");
        }
        return total;
    }

    static long highWaterMark(long pid) {
        return status(pid, "VmHWM:");
    }

    private static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    String kb = line.substring(field.length()).replace("kB", "").trim();
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | NumberFormatException | SecurityException gone) {
            // The process ended between listing and reading, or there is no procfs.
        }
        return 0;
    }
}
