package cloud.yuntu.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from {@code /proc}: what one process used, and what the whole machine did, so a run can
 * say how much of the cores the gateway, the load itself and everything else on the machine took.
 */
public final class CpuClock {

    private static final long TICKS_PER_SECOND = clockTicksPerSecond();

    private CpuClock() {
    }

    /** CPU time the process used so far (user + system), in seconds. */
    public static double processSeconds(long pid) throws IOException {
        return processSeconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    static double processSeconds(String stat) {
        // The fields after the command name (which may hold spaces and parentheses), from field 3 (state) on.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks / (double) TICKS_PER_SECOND;
    }

    /** CPU time all cores spent busy so far (anything but idle and waiting for I/O), in seconds. */
    public static double machineBusySeconds() throws IOException {
        return machineBusySeconds(Files.readString(Path.of("/proc/stat")));
    }

    static double machineBusySeconds(String stat) {
        String[] cpu = stat.substring(0, stat.indexOf('\n')).trim().split("\\s+");
        long busy = 0;
        // cpu user nice system idle iowait irq softirq steal [guest guest_nice, already in user and nice]
        for (int i = 1; i <= Math.min(8, cpu.length - 1); i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(cpu[i]);
            }
        }
        return busy / (double) TICKS_PER_SECOND;
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
