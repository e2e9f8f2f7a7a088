package cloud.yuntu.deploy.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Children of an earlier launcher of the same data directory that outlived it (the launcher was
 * SIGKILLed, or its JVM was cut short): they hold ports, locks and memory, so a new farm ends
 * them first. A pid is only trusted if that process' command line names the data directory,
 * so a recycled pid of an unrelated process is never touched.
 */
public final class StaleProcesses {

    private StaleProcesses() {
    }

    /** @return how many were ended */
    public static int reap(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            return 0;
        }
        String marker = dataDir.toAbsolutePath().normalize().toString();
        try (Stream<Path> files = Files.walk(dataDir, 3)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".pid"))
                    .filter(f -> endIfOurs(f, marker))
                    .count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean endIfOurs(Path pidFile, String marker) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            Files.delete(pidFile);
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                    .map(p -> {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        return p.destroyForcibly();
                    })
                    .orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
