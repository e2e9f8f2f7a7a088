package cloud.yuntu.agent.job;

import cloud.yuntu.agent.AgentConfig;
import cloud.yuntu.agent.AgentIdentity;
import cloud.yuntu.agent.heartbeat.InstalledRenderers;
import cloud.yuntu.agent.render.ImageCheck;
import cloud.yuntu.agent.render.LogText;
import cloud.yuntu.agent.render.RenderCommand;
import cloud.yuntu.agent.render.RenderLog;
import cloud.yuntu.agent.render.log.FrameSequence;
import cloud.yuntu.agent.render.log.LogEvent;
import cloud.yuntu.agent.render.log.RendererLog;
import cloud.yuntu.agent.render.log.Verdict;
import cloud.yuntu.agent.render.renderer.RenderResources;
import cloud.yuntu.agent.render.renderer.Renderers;
import cloud.yuntu.agent.render.RendererProcess;
import cloud.yuntu.agent.render.RendererProcess.KillReason;
import cloud.yuntu.agent.report.EventProducer;
import cloud.yuntu.agent.report.FrameReporter;
import cloud.yuntu.agent.report.LogBatcher;
import cloud.yuntu.agent.transfer.OutputUploader;
import cloud.yuntu.agent.transfer.SceneCache;
import cloud.yuntu.agent.transfer.ResultConfirmedOtherwise;
import cloud.yuntu.agent.transfer.TransferFailed;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameOutput;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Renders one job end to end: scene and assets from the cache, the renderer with its output
 * streamed to logs and progress, outputs uploaded and verified, and exactly one outcome
 * reported (completed or failed) unless the job is handed back to the share group.
 */
@ApplicationScoped
public class FrameRunner {

    private static final Logger LOG = Logger.getLogger(FrameRunner.class);

    private final AgentConfig config;
    private final AgentIdentity identity;
    private final EventProducer producer;
    private final SceneCache sceneCache;
    private final OutputUploader uploader;
    private final RunningFrames running;
    private final Slots slots;
    private final MeterRegistry metrics;
    private final InstalledRenderers renderers;

    FrameRunner(AgentConfig config, AgentIdentity identity, EventProducer producer, SceneCache sceneCache,
                OutputUploader uploader, RunningFrames running, Slots slots, MeterRegistry metrics,
                InstalledRenderers renderers) {
        this.config = config;
        this.identity = identity;
        this.producer = producer;
        this.sceneCache = sceneCache;
        this.uploader = uploader;
        this.running = running;
        this.slots = slots;
        this.metrics = metrics;
        this.renderers = renderers;
    }

    /**
     * Starts the job on its own thread in {@code slot}, which the caller has taken and this gives back.
     *
     * @param fencingToken the token of the job's delivery, on every report (null when unknown)
     */
    FrameRun start(FrameJob job, Long fencingToken, Slot slot, Runnable onFinished) {
        FrameRun run = new FrameRun(job, fencingToken, onFinished);
        running.add(run);
        Thread.ofVirtual().name("frame-" + job.frameId()).start(() -> execute(run, slot));
        return run;
    }

    /**
     * Reports a job this agent will not run ({@link JobCheck}) as failed, on a thread of its own
     * because the broker's confirmation may take long and the intake thread must keep renewing
     * other jobs. Takes no slot and is not a running frame.
     */
    FrameRun refuse(FrameJob job, Long fencingToken, JobCheck.Refusal refusal, Runnable onFinished) {
        FrameRun run = new FrameRun(job, fencingToken, onFinished);
        Thread.ofVirtual().name("refuse-" + job.frameId()).start(() -> {
            FrameRun.Outcome outcome = FrameRun.Outcome.HANDED_BACK;
            try {
                LOG.warnf("Frame %s attempt %d of task %s refused (retryable %s): %s", job.frameId(), job.attempt(),
                        job.taskId(), refusal.retryable(), refusal.reason());
                new FrameReporter(producer, job, identity.id(), fencingToken).failed(null, refusal.reason(), List.of(),
                        refusal.retryable());
                outcome = FrameRun.Outcome.REFUSED;
            } catch (RuntimeException e) {
                LOG.errorf(e, "Frame %s: refusal not confirmed by Kafka, handing the job back", job.frameId());
            } finally {
                metrics.counter("yuntu.agent.frames", "outcome", outcome.name().toLowerCase()).increment();
                run.finish(outcome);
            }
        });
        return run;
    }

    /**
     * Hands a job this agent cannot run back to task-service on the record's last delivery ({@link LastDelivery}), on
     * a thread of its own like a refusal. Takes no slot. Unconfirmed, the record is released after all (the broker
     * then archives it, and task-service's start timeout releases the frame again).
     */
    FrameRun handBack(FrameJob job, Long fencingToken, String reason, Runnable onFinished) {
        FrameRun run = new FrameRun(job, fencingToken, onFinished);
        Thread.ofVirtual().name("hand-back-" + job.frameId()).start(() -> {
            FrameRun.Outcome outcome = FrameRun.Outcome.HANDED_BACK;
            try {
                LOG.infof("Frame %s attempt %d of task %s handed back to task-service: %s", job.frameId(), job.attempt(),
                        job.taskId(), reason);
                new FrameReporter(producer, job, identity.id(), fencingToken).handedBack(reason);
                outcome = FrameRun.Outcome.RETURNED;
            } catch (RuntimeException e) {
                LOG.errorf(e, "Frame %s: hand-back not confirmed by Kafka, releasing the job on its last delivery",
                        job.frameId());
            } finally {
                metrics.counter("yuntu.agent.frames", "outcome", outcome.name().toLowerCase()).increment();
                run.finish(outcome);
            }
        });
        return run;
    }

    /** The node's threads and the slot's GPUs, for the renderer's command line and environment. */
    private RenderResources resources(Slot slot) {
        return new RenderResources(config.render().threads(), slot.gpus());
    }

    private void execute(FrameRun run, Slot slot) {
        FrameJob job = run.job();
        FrameReporter reporter = new FrameReporter(producer, job, identity.id(), run.fencingToken());
        // Absolute: the renderer runs inside the job directory and must not resolve paths against it twice.
        Path jobDir = config.workDir().toAbsolutePath().normalize().resolve("jobs").resolve(job.frameId() + "-" + job.attempt());
        FrameRun.Outcome outcome = FrameRun.Outcome.HANDED_BACK;
        try {
            outcome = render(run, slot, reporter, jobDir);
        } catch (EventProducer.EventNotSent e) {
            LOG.errorf(e, "Frame %s: outcome not confirmed by Kafka, handing the job back", job.frameId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.errorf(e, "Frame %s failed on the agent", job.frameId());
            outcome = reportFailure(reporter, null, "agent error: " + e, List.of(), true);
        } finally {
            deleteQuietly(jobDir);
            running.remove(run);
            slots.giveBack(slot);
            metrics.counter("yuntu.agent.frames", "outcome", outcome.name().toLowerCase()).increment();
            run.finish(outcome);
        }
    }

    private FrameRun.Outcome render(FrameRun run, Slot slot, FrameReporter reporter, Path jobDir)
            throws IOException, InterruptedException {
        FrameJob job = run.job();
        deleteQuietly(jobDir);
        Path projectDir = Files.createDirectories(jobDir.resolve("project"));
        Path renderDir = Files.createDirectories(jobDir.resolve("images"));
        Path scene;
        try {
            scene = sceneCache.materialize(job.scene(), job.grant(), projectDir).scene();
        } catch (TransferFailed e) {
            return reportFailure(reporter, null, "scene download failed: " + e.getMessage(), List.of(), e.retryable());
        }
        if (run.stopRequest() != null) {
            return stopped(run, reporter, List.of());
        }

        RenderCommand command = RenderCommand.forJob(job, identity.id(), scene, renderDir,
                renderers.executable(job.renderer()), renderers.simulated(job.renderer()), resources(slot));
        LOG.infof("Frame %s attempt %d in slot %d%s: %s", job.frameId(), job.attempt(), slot.number(),
                slot.gpus().isEmpty() ? "" : " (GPUs " + slot.gpus() + ")", command.forLog());
        RenderLog log = new RenderLog(config.logs().tailLines());
        // The simulator standing in for a renderer prints that renderer's log, so the same reader serves both.
        RendererLog rendererLog = Renderers.of(job.renderer()).log(
                new FrameSequence(job.frames().start(), job.frames().by(), job.frames().count()));
        RendererProcess.Result result;
        RendererProcess process;
        try {
            process = RendererProcess.start(command, jobDir);
        } catch (IOException e) {
            return reportFailure(reporter, null, "renderer did not start: " + e.getMessage(), List.of(), false);
        }
        run.attach(process);
        boolean awaited = false;
        try (LogBatcher batcher = new LogBatcher(producer, job, identity.id(), config.logs().batchLines(),
                config.logs().batchInterval())) {
            reporter.started(identity.host());
            ProgressThrottle throttle = new ProgressThrottle(reporter, config.logs().progressInterval());
            result = process.await(Duration.ofSeconds(job.timeoutSeconds() > 0 ? job.timeoutSeconds() : 86_400),
                    memoryLimit(), output -> {
                        String line = LogText.rendererLine(output);
                        log.accept(line);
                        batcher.accept(line);
                        for (LogEvent event : rendererLog.accept(line)) {
                            if (event instanceof LogEvent.Progress progress) {
                                throttle.offer(progress.percent());
                            }
                        }
                    });
            awaited = true;
        } finally {
            if (!awaited) {
                // Leaving abnormally (event not confirmed, interrupted): no renderer may outlive its job.
                process.kill(KillReason.SHUTDOWN);
            }
        }
        if (result.killReason() == KillReason.TIMEOUT) {
            return reportFailure(reporter, null, "timeout: no result after " + job.timeoutSeconds() + " s",
                    log.tail(), true);
        }
        if (result.killReason() == KillReason.MEMORY_LIMIT) {
            // Retryable like a timeout and like the renderers' own out-of-memory errors: another node, or the same
            // one less loaded, may render it; the frame's attempt limit ends a scene that always needs more.
            return reportFailure(reporter, null, memoryLimitReason(result.residentAtKillBytes(), memoryLimit()),
                    log.tail(), true);
        }
        if (result.killReason() != null) {
            return stopped(run, reporter, log.tail());
        }
        // The renderer's reader decides, exit 0 included: Redshift exits 0 after a licence failure, Arnold after an abort.
        Verdict verdict = rendererLog.verdict(result.exitCode());
        if (!verdict.success()) {
            return reportFailure(reporter, result.exitCode(), verdict.reason(), log.tail(), verdict.retryable());
        }
        List<String> files;
        try {
            files = OutputUploader.outputsOf(renderDir);
        } catch (TransferFailed e) {
            return reportFailure(reporter, 0, "upload failed: " + e.getMessage(), log.tail(), true);
        }
        if (files.isEmpty()) {
            return reportFailure(reporter, 0, "renderer exited with 0 but wrote no images", log.tail(), true);
        }
        // Before any upload: a frame with one broken image uploads nothing. Retryable, like a render
        // error, since a node fault (GPU, disk, licence) is the usual cause of a black or cut image.
        Optional<String> broken = brokenOutput(renderDir, files);
        if (broken.isPresent()) {
            return reportFailure(reporter, 0, broken.get(), log.tail(), true);
        }
        List<FrameOutput> outputs;
        try {
            outputs = uploader.uploadAll(renderDir, files, job.resultKeyPrefix(), job.grant(), job.frames().start());
        } catch (TransferFailed e) {
            // Another attempt's output was confirmed under the same key: no attempt can replace it.
            return reportFailure(reporter, 0, "upload failed: " + e.getMessage(), log.tail(),
                    !(e instanceof ResultConfirmedOtherwise));
        }
        if (run.stopRequest() == KillReason.CANCELLED) {
            return stopped(run, reporter, log.tail());
        }
        reporter.completed(outputs, result.seconds(), result.peakMemoryBytes());
        LOG.infof("Frame %s attempt %d completed: %d outputs in %.1f s", job.frameId(), job.attempt(), outputs.size(),
                result.seconds());
        return FrameRun.Outcome.REPORTED;
    }

    private long memoryLimit() {
        return config.render().memoryLimit().map(MemorySize::asLongValue).orElse(0L);
    }

    /** {@code memory limit: the renderer used 2.1 GiB resident, over the limit of 2.0 GiB (yuntu.agent.render.memory-limit)}. */
    static String memoryLimitReason(long residentBytes, long limitBytes) {
        return "memory limit: the renderer's processes used " + size(residentBytes) + " resident, over the limit of "
                + size(limitBytes) + " (yuntu.agent.render.memory-limit); killed";
    }

    private static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }

    /** The first output (in upload order) that {@link ImageCheck} refuses, as the frame's failure reason. */
    static Optional<String> brokenOutput(Path renderDir, List<String> files) {
        for (String relative : files) {
            Optional<String> problem;
            try {
                problem = ImageCheck.problem(renderDir.resolve(relative));
            } catch (IOException e) {
                problem = Optional.of("cannot be read: " + e.getMessage());
            }
            if (problem.isPresent()) {
                return Optional.of("output " + LogText.escape(relative) + ": " + problem.get());
            }
        }
        return Optional.empty();
    }

    /** A cancelled frame is reported failed for good; one stopped by shutdown is handed back unreported. */
    private FrameRun.Outcome stopped(FrameRun run, FrameReporter reporter, List<String> tail) {
        if (run.stopRequest() == KillReason.CANCELLED) {
            return reportFailure(reporter, null, "cancelled", tail, false);
        }
        LOG.infof("Frame %s stopped by agent shutdown; its job goes back to the share group", run.job().frameId());
        return FrameRun.Outcome.HANDED_BACK;
    }

    private FrameRun.Outcome reportFailure(FrameReporter reporter, Integer exitCode, String reason, List<String> tail,
                                           boolean retryable) {
        reporter.failed(exitCode, reason, tail, retryable);
        LOG.warnf("Frame failed (exit %s, retryable %s): %s", exitCode, retryable, LogText.escape(reason));
        return FrameRun.Outcome.REPORTED;
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("Could not clean %s: %s", dir, e.getMessage());
        }
    }

    /** At most one progress event per interval; FrameCompleted says 100% anyway. */
    private static final class ProgressThrottle {

        private final FrameReporter reporter;
        private final long intervalNanos;
        private long lastSent = Long.MIN_VALUE;

        ProgressThrottle(FrameReporter reporter, Duration interval) {
            this.reporter = reporter;
            this.intervalNanos = interval.toNanos();
        }

        synchronized void offer(double percent) {
            long now = System.nanoTime();
            if (lastSent == Long.MIN_VALUE || now - lastSent >= intervalNanos) {
                reporter.progress(percent);
                lastSent = now;
            }
        }
    }
}
