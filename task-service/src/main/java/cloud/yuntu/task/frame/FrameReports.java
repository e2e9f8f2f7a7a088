package cloud.yuntu.task.frame;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentCommand;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.contracts.frame.FrameFailed;
import cloud.yuntu.contracts.frame.FrameProgress;
import cloud.yuntu.contracts.frame.FrameStarted;
import cloud.yuntu.contracts.frame.FrameStatus;
import cloud.yuntu.task.inbox.ProcessedEvents;
import cloud.yuntu.task.outbox.Outbox;
import cloud.yuntu.task.task.Task;
import cloud.yuntu.task.task.TaskProgression;
import cloud.yuntu.task.task.Tasks;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies an agent's frame report. Three guards make it safe to apply anything the topic
 * delivers: the event id is remembered in the same transaction (a duplicate changes nothing),
 * a report of another attempt than the frame's current one is stale, and only frames in flight
 * (DISPATCHED or RUNNING) move, so a final frame stays final.
 */
@ApplicationScoped
public class FrameReports {

    private static final Logger LOG = Logger.getLogger(FrameReports.class);

    private final Pool pool;
    private final ProcessedEvents processed;
    private final Tasks tasks;
    private final Frames frames;
    private final TaskProgression progression;
    private final Outbox outbox;

    public FrameReports(Pool pool, ProcessedEvents processed, Tasks tasks, Frames frames, TaskProgression progression,
            Outbox outbox) {
        this.pool = pool;
        this.processed = processed;
        this.tasks = tasks;
        this.frames = frames;
        this.progression = progression;
        this.outbox = outbox;
    }

    public Uni<Void> apply(FrameEvent event) {
        return pool.withTransaction(sql -> processed.remember(sql, event.id(), typeOf(event)).chain(first -> {
            if (!first) {
                LOG.debugf("Duplicate frame event %s ignored", event.id());
                return Uni.createFrom().voidItem();
            }
            // The task row first, like every writer of a task's frames: no deadlocks, no interleaving.
            return tasks.lock(sql, event.taskId()).chain(task -> task.isEmpty()
                    ? ignored(event, "unknown task")
                    : frames.lock(sql, event.frameId()).chain(frame -> frame.isEmpty() || !frame.get().taskId().equals(event.taskId())
                            ? ignored(event, "unknown frame")
                            : apply(sql, task.get(), frame.get(), event)));
        }));
    }

    private Uni<Void> apply(SqlClient sql, Task task, Frame frame, FrameEvent event) {
        if (event.attempt() != frame.attempt()) {
            return ignored(event, "stale attempt " + event.attempt() + ", frame is at attempt " + frame.attempt());
        }
        if (frame.status() == FrameStatus.CANCELLED && event instanceof FrameStarted started) {
            // The job was already in the agent's queue when the task was cancelled.
            return stop(sql, frame, started.agentId());
        }
        if (!frame.inFlight()) {
            return ignored(event, "frame is " + frame.status());
        }
        Instant now = Instant.now();
        Frame changed = switch (event) {
            case FrameStarted s -> frame.status() == FrameStatus.RUNNING ? null : frame.running(s.agentId(), s.time());
            case FrameProgress p -> frame.progressed(p.agentId(), Math.clamp(p.percent(), 0.0, 100.0));
            case FrameCompleted c -> frame.succeeded(c.agentId(), c.time() != null ? c.time() : now, c.seconds(),
                    c.peakMemoryBytes(), c.outputs());
            case FrameFailed f -> frame.failed(describe(f), f.retryable(), task.maxAttempts(), now);
        };
        if (changed == null) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> saved = frames.save(sql, changed);
        if (event instanceof FrameProgress && frame.status() == FrameStatus.RUNNING) {
            // Renderer percentages are kept on the frame; the task's progress counts whole frames.
            return saved;
        }
        return saved.chain(() -> progression.settle(sql, task)).replaceWithVoid();
    }

    private Uni<Void> stop(SqlClient sql, Frame frame, String agentId) {
        AgentCommand command = new AgentCommand(UUID.randomUUID(), Instant.now(), agentId,
                AgentCommand.Command.CANCEL_FRAME, frame.taskId(), frame.id());
        return outbox.append(sql, Topics.AGENT_COMMANDS, agentId, command);
    }

    private static String describe(FrameFailed f) {
        String reason = f.reason() == null || f.reason().isBlank() ? "the renderer failed" : f.reason();
        return f.exitCode() == null ? reason : reason + " (exit code " + f.exitCode() + ")";
    }

    private static Uni<Void> ignored(FrameEvent event, String why) {
        LOG.debugf("Frame event %s (%s) for frame %s ignored: %s", event.id(), typeOf(event), event.frameId(), why);
        return Uni.createFrom().voidItem();
    }

    private static String typeOf(FrameEvent event) {
        return switch (event) {
            case FrameStarted s -> "frame.started.v1";
            case FrameProgress p -> "frame.progress.v1";
            case FrameCompleted c -> "frame.completed.v1";
            case FrameFailed f -> "frame.failed.v1";
        };
    }
}
