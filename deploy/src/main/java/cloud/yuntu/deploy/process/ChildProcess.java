package cloud.yuntu.deploy.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A JVM child process whose output goes to a log file, stopped with the launcher: if the launcher
 * exits first, one shutdown hook ends every child still running (and its descendants) in reverse
 * start order, so agents hand back their jobs before the broker goes and Ctrl-C leaves nothing behind.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(20);
    private static final Optional<String> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .filter(p -> Files.isExecutable(Path.of(p))).findFirst();

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logFile;
    private Process process;

    /** Children not closed yet, oldest first. JVM shutdown hooks run concurrently, hence one hook for all. */
    private static final Deque<ChildProcess> RUNNING = new ConcurrentLinkedDeque<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.descendingIterator().forEachRemaining(ChildProcess::stop),
                "stop-child-processes"));
    }

    private ChildProcess(String name, List<String> command, Map<String, String> environment, Path logFile) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
    }

    /** Starts {@code java <jvmArgs> <mainArgs>} with the same JDK that runs the launcher. */
    public static ChildProcess startJava(String name, List<String> jvmAndMainArgs, Map<String, String> environment,
            Path logFile) {
        List<String> command = new ArrayList<>();
        // Each child in a session of its own: Ctrl-C in a terminal signals the whole foreground process
        // group at once, so the broker went down with the services, whose consumers could no longer leave
        // their groups; a restarted farm then waited out the old members' session timeout (about 40 s)
        // before its consumers got partitions. Out of that group, only the launcher hears Ctrl-C and
        // stops its children in order (agents, services, broker last). setsid execs in place, so the pid
        // stays the JVM's.
        SETSID.ifPresent(command::add);
        command.add(currentJava());
        command.addAll(jvmAndMainArgs);
        ChildProcess child = new ChildProcess(name, command, environment, logFile);
        child.start();
        RUNNING.add(child);
        return child;
    }

    public static String currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts the same command again, e.g. after {@link #kill()}. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            Files.writeString(pidFile(logFile), Long.toString(process.pid()));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    /** Where the pid of the child logging to {@code logFile} is kept, so a later launcher can reap it. */
    public static Path pidFile(Path logFile) {
        return logFile.resolveSibling(logFile.getFileName() + ".pid");
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process.pid();
    }

    /** SIGTERM, then SIGKILL after a grace period. */
    public synchronized void stop() {
        end(false);
    }

    /** SIGKILL at once, as a crashed node or an OOM-killer would. */
    public synchronized void kill() {
        end(true);
    }

    private void end(boolean force) {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        if (force) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        stop();
        RUNNING.remove(this);
    }

    /** The last lines of the log, for error messages that explain a failed start. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }
}
