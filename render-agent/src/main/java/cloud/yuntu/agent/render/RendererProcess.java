package cloud.yuntu.agent.render;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One renderer run: the process, its merged output streamed line by line, a timeout, a memory limit, and a kill
 * that takes the whole process tree (Maya's Render is a script that starts the real binary, which starts helpers).
 *
 * <p>On Linux the renderer starts in a process group of its own ({@code setsid --wait}), and a kill takes every
 * process of that group as well as every descendant seen. A descendant whose parent died (a daemonised helper, or a
 * grandchild of a shell already killed) is re-parented to init and no longer among
 * {@link ProcessHandle#descendants()}, but it stays in the group unless it leaves it on purpose: the group is what
 * finds it. The JDK cannot signal a group, so its members are found in {@code /proc/<pid>/stat} and killed one by
 * one, in rounds until none is left (one may fork while the first round runs). A snapshot of descendants taken before
 * the kill covers the processes that set up a session of their own, and systems without setsid.
 */
public final class RendererProcess {

    private static final long MEMORY_SAMPLE_MILLIS = 500;
    private static final int KILL_ROUNDS = 5;
    private static final Optional<String> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .filter(p -> Files.isExecutable(Path.of(p))).findFirst();

    private final Process process;
    private volatile KillReason killReason;
    private volatile long residentAtKill;

    private RendererProcess(Process process) {
        this.process = process;
    }

    public enum KillReason {
        TIMEOUT, CANCELLED, SHUTDOWN, MEMORY_LIMIT
    }

    /**
     * @param exitCode null when the process was killed
     * @param killReason why it was killed, null when it exited by itself
     * @param residentAtKillBytes the tree's resident memory that passed the limit ({@link KillReason#MEMORY_LIMIT}), else 0
     */
    public record Result(Integer exitCode, KillReason killReason, double seconds, long peakMemoryBytes,
                         long residentAtKillBytes) {
    }

    /** Starts {@code command} with the agent's environment plus the command's own variables. */
    public static RendererProcess start(RenderCommand command, Path workingDirectory) throws IOException {
        String executable = command.command().getFirst();
        // setsid would start and then fail to run a missing executable; the renderer must fail to start instead.
        if (!runnable(executable)) {
            throw new IOException("Cannot run program \"" + executable + "\": not found or not executable");
        }
        List<String> argv = new ArrayList<>();
        // --wait: should setsid have to fork (it does when already a group leader), it waits and passes the exit status.
        SETSID.ifPresent(setsid -> argv.addAll(List.of(setsid, "--wait")));
        argv.addAll(command.command());
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(command.environment());
        Process process = builder.start();
        process.getOutputStream().close();
        return new RendererProcess(process);
    }

    public long pid() {
        return process.pid();
    }

    /** Streams output lines to {@code lines} until the process ends or {@code timeout} passes. */
    public Result await(Duration timeout, Consumer<String> lines) throws InterruptedException {
        return await(timeout, 0, lines);
    }

    /**
     * As above, and kills the tree ({@link KillReason#MEMORY_LIMIT}) once its resident memory, sampled every 500 ms,
     * passes {@code memoryLimitBytes} (0: no limit).
     */
    public Result await(Duration timeout, long memoryLimitBytes, Consumer<String> lines) throws InterruptedException {
        long start = System.nanoTime();
        Thread reader = Thread.ofVirtual().name("renderer-output-" + process.pid()).start(() -> pump(lines));
        long deadline = start + timeout.toNanos();
        long peak = 0;
        while (!process.waitFor(MEMORY_SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, PeakMemory.of(process.toHandle()));
            if (memoryLimitBytes > 0) {
                long resident = PeakMemory.resident(process.toHandle());
                if (resident > memoryLimitBytes) {
                    residentAtKill = resident;
                    kill(KillReason.MEMORY_LIMIT);
                }
            }
            if (System.nanoTime() > deadline) {
                kill(KillReason.TIMEOUT);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // The pipe closes when the last descendant holding it exits; the tree is dead by now.
        reader.join(Duration.ofSeconds(5));
        KillReason reason = killReason;
        return new Result(reason == null ? process.exitValue() : null, reason, seconds, peak,
                reason == KillReason.MEMORY_LIMIT ? residentAtKill : 0);
    }

    /** Kills the renderer and everything it started; the first reason given is the one reported. */
    public void kill(KillReason reason) {
        synchronized (this) {
            if (killReason == null) {
                killReason = reason;
            }
        }
        // Before anything dies: once a parent is killed its children are re-parented and out of this list.
        List<ProcessHandle> descendants = process.toHandle().descendants().toList();
        OptionalLong group = ownGroup(process.pid());
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        if (group.isPresent()) {
            for (int round = 0; round < KILL_ROUNDS; round++) {
                List<ProcessHandle> members = groupMembers(group.getAsLong());
                if (members.isEmpty()) {
                    break;
                }
                members.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    /**
     * The renderer's process group when it leads one of its own (setsid ran); empty otherwise, and in the instant
     * before setsid took effect, when the process is still in the agent's own group, which must never be killed.
     */
    static OptionalLong ownGroup(long pid) {
        OptionalLong group = processGroup(pid);
        long agentGroup = processGroup(ProcessHandle.current().pid()).orElse(-1);
        return group.isPresent() && group.getAsLong() == pid && pid != agentGroup ? group : OptionalLong.empty();
    }

    /** Field 5 of {@code /proc/<pid>/stat}, after the command name, which may hold spaces and parentheses. */
    static OptionalLong processGroup(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalLong.of(Long.parseLong(fields[2]));
        } catch (IOException | RuntimeException gone) {
            // Gone, a zombie being reaped, or no procfs.
            return OptionalLong.empty();
        }
    }

    private static List<ProcessHandle> groupMembers(long group) {
        long self = ProcessHandle.current().pid();
        Set<ProcessHandle> members = new LinkedHashSet<>();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            all.filter(p -> p.pid() != self && p.isAlive())
                    .filter(p -> processGroup(p.pid()).orElse(-1) == group)
                    .forEach(members::add);
        }
        return List.copyOf(members);
    }

    /** True when {@code executable} is an executable path, or a name found executable on PATH. */
    public static boolean runnable(String executable) {
        Path path = Path.of(executable);
        if (path.isAbsolute() || executable.contains(File.separator)) {
            return Files.isExecutable(path);
        }
        String pathVariable = System.getenv("PATH");
        if (pathVariable == null) {
            return false;
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, executable))) {
                return true;
            }
        }
        return false;
    }

    private void pump(Consumer<String> lines) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.accept(line);
            }
        } catch (IOException closedByKill) {
            // The stream ends with the process; what was read has been passed on.
        }
    }
}
