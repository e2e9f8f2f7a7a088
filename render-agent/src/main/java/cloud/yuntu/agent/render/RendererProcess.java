package cloud.yuntu.agent.render;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One renderer run: the process, its merged output streamed line by line, a timeout, and a kill
 * that takes the whole process tree (Maya's Render is a script that starts the real binary).
 */
public final class RendererProcess {

    private static final long MEMORY_SAMPLE_MILLIS = 500;

    private final Process process;
    private volatile KillReason killReason;

    private RendererProcess(Process process) {
        this.process = process;
    }

    public enum KillReason {
        TIMEOUT, CANCELLED, SHUTDOWN
    }

    /**
     * @param exitCode null when the process was killed
     * @param killReason why it was killed, null when it exited by itself
     */
    public record Result(Integer exitCode, KillReason killReason, double seconds, long peakMemoryBytes) {
    }

    /** Starts {@code command} with the agent's environment plus the command's own variables. */
    public static RendererProcess start(RenderCommand command, Path workingDirectory) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command.command())
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
        long start = System.nanoTime();
        Thread reader = Thread.ofVirtual().name("renderer-output-" + process.pid()).start(() -> pump(lines));
        long deadline = start + timeout.toNanos();
        long peak = 0;
        while (!process.waitFor(MEMORY_SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, PeakMemory.of(process.toHandle()));
            if (System.nanoTime() > deadline) {
                kill(KillReason.TIMEOUT);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // The pipe closes when the last descendant holding it exits; the tree is dead by now.
        reader.join(Duration.ofSeconds(5));
        KillReason reason = killReason;
        return new Result(reason == null ? process.exitValue() : null, reason, seconds, peak);
    }

    /** Kills the renderer and everything it started; the first reason given is the one reported. */
    public void kill(KillReason reason) {
        if (killReason == null) {
            killReason = reason;
        }
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
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
