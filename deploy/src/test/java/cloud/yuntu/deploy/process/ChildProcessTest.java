package cloud.yuntu.deploy.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child of the launcher runs in a session of its own, so the terminal's Ctrl-C reaches only the
 * launcher, which stops its children in order; the pid the launcher keeps is the child JVM's own.
 */
class ChildProcessTest {

    @Test
    void aChildLeadsItsOwnSessionUnderItsOwnPid(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "sessions are read from /proc (Linux)");
        Path sleeper = dir.resolve("Sleeper.java");
        Files.writeString(sleeper, "class Sleeper { public static void main(String[] a) throws Exception { Thread.sleep(120_000); } }");
        try (ChildProcess child = ChildProcess.startJava("sleeper", List.of("-Xmx32m", sleeper.toString()), Map.of(),
                dir.resolve("sleeper.log"))) {
            long pid = child.pid();
            // setsid execs the JVM in place, a moment after the process was started.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElse("").endsWith("/bin/java")
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElseThrow()).endsWith("/bin/java");
            assertThat(sessionOf(pid)).isEqualTo(pid).isNotEqualTo(sessionOf(ProcessHandle.current().pid()));
            assertThat(Files.readString(ChildProcess.pidFile(dir.resolve("sleeper.log")))).isEqualTo(Long.toString(pid));
        }
    }

    /** Field 6 of /proc/PID/stat; the command name (field 2) is in parentheses and may hold spaces. */
    private static long sessionOf(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(after[3]);
    }
}
