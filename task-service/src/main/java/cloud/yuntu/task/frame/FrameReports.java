package cloud.yuntu.task.frame;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentCommand;
import cloud.yuntu.contracts.frame.FencingToken;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.contracts.frame.FrameFailed;
import cloud.yuntu.contracts.frame.FrameProgress;
import cloud.yuntu.contracts.frame.FrameStarted;
import cloud.yuntu.contracts.frame.FrameStatus;
import cloud.yuntu.task.TaskConfig;
import cloud.yuntu.task.agent.Agents;
import cloud.yuntu.task.blocklist.AgentFailures;
import cloud.yuntu.task.blocklist.BlocklistRule;
import cloud.yuntu.task.inbox.ProcessedEvents;
import cloud.yuntu.task.outbox.Outbox;
import cloud.yuntu.task.signal.Signals;
import cloud.yuntu.task.lifecycle.Task;
import cloud.yuntu.task.lifecycle.TaskProgression;
import cloud.yuntu.task.lifecycle.Tasks;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies an agent's frame report. Three guards make it safe to apply anything the topic
 * delivers: the event id is remembered in the same transaction (a duplicate changes nothing),
 * a report of another attempt than the frame's current one is stale, and only frames in flight
 * (DISPATCHED or RUNNING) move, so a final frame stays final. A job that starts although it must
 * not run (stale, or on an agent blocklisted for the task) is stopped on its agent at once. A
 * report on a chunk's lead moves the chunk's other frames with it. Retryable failures count against
 * the agent too, and enough of them blocklist it for the task ({@link BlocklistRule}).
 *
 * <p>Within the current attempt, reports are fenced by the token of the job delivery they speak for ({@link Fencing}):
 * a delivery with a higher token takes the frame over (the agent that held it is told to stop), and a report of an
 * older delivery changes nothing. A job handed back unrun ({@link FrameFailed#handedBack()}) puts the frame back to
 * WAITING without counting a failure.
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
    private final AgentFailures blocklist;
    private final Agents agents;
    private final TaskConfig config;
    private final Signals signals;

    public FrameReports(Pool pool, ProcessedEvents processed, Tasks tasks, Frames frames, TaskProgression progression,
            Outbox outbox, AgentFailures blocklist, Agents agents, TaskConfig config, Signals signals) {
        this.signals = signals;
        this.blocklist = blocklist;
        this.agents = agents;
        this.config = config;
        this.pool = pool;
        this.processed = processed;
        this.tasks = tasks;
        this.frames = frames;
        this.progression = progression;
        this.outbox = outbox;
    }

    public Uni<Void> apply(FrameEvent event) {
        // Progress is not remembered: applied twice it sets the same percentage again, and the agent sends
        // one every few seconds for every frame, the bulk of all reports.
        Function<SqlClient, Uni<Boolean>> firstTime = sql -> event instanceof FrameProgress
                ? Uni.createFrom().item(true) : processed.remember(sql, event.id(), typeOf(event));
        return pool.withTransaction(sql -> firstTime.apply(sql).chain(first -> {
            if (!first) {
                LOG.debugf("Duplicate frame event %s ignored", event.id());
                return Uni.createFrom().voidItem();
            }
            return applyLocking(sql, event)
                    // A frame that ended freed its agent's slot (and may wait again): the next job goes out as
                    // soon as this commits. Starts and progress free nothing.
                    .call(() -> ends(event) ? signals.dispatchSoon(sql) : Uni.createFrom().voidItem());
        }));
    }

    /**
     * A consumer poll's reports in one transaction, the same as {@link #apply} one by one but set-based: the
     * events remembered in one statement, their tasks and frames locked in two (in id order, so two replicas
     * applying overlapping batches cannot deadlock), the frames written back in one, each task settled once for
     * the batch instead of once per frame, one dispatch signal. Reports of the common kind (a start, progress or
     * completion of the current delivery of an unchunked task's frame) are decided in memory, in the order they
     * came, so a start and a completion of the same frame in one batch write its row once. Any other report
     * (a failure, a take-over, a start that must be stopped, a chunk) takes the one-by-one path in the same
     * transaction, its frame read afresh; the frame's later reports in the batch follow it there.
     */
    public Uni<Void> applyAll(List<FrameEvent> events) {
        if (events.size() <= 1) {
            return events.isEmpty() ? Uni.createFrom().voidItem() : apply(events.getFirst());
        }
        List<FrameEvent> remembered = events.stream().filter(e -> !(e instanceof FrameProgress)).toList();
        return pool.withTransaction(sql -> processed.rememberAll(sql,
                        remembered.stream().map(FrameEvent::id).toList(),
                        remembered.stream().map(FrameReports::typeOf).toList())
                .chain(firstTime -> {
                    List<FrameEvent> fresh = new ArrayList<>(events.size());
                    for (FrameEvent event : events) {
                        // A duplicate within the batch is remembered once: only its first copy applies.
                        if (event instanceof FrameProgress || firstTime.remove(event.id())) {
                            fresh.add(event);
                        } else {
                            LOG.debugf("Duplicate frame event %s ignored", event.id());
                        }
                    }
                    List<UUID> taskIds = fresh.stream().map(FrameEvent::taskId).distinct().toList();
                    List<UUID> frameIds = fresh.stream().map(FrameEvent::frameId).distinct().toList();
                    return tasks.lockAll(sql, taskIds).chain(locked -> frames.lockAll(sql, frameIds)
                            .chain(rows -> blocklist.of(sql, taskIds)
                                    .chain(blocklisted -> new Batch(sql, locked, rows, blocklisted).apply(fresh))))
                            .call(() -> fresh.stream().anyMatch(FrameReports::ends) ? signals.dispatchSoon(sql)
                                    : Uni.createFrom().voidItem());
                }));
    }

    /** The task and frame locked, as every writer of a task's frames does, then the report applied. */
    private Uni<Void> applyLocking(SqlClient sql, FrameEvent event) {
        // The task row first, like every writer of a task's frames: no deadlocks, no interleaving.
        return tasks.lock(sql, event.taskId()).chain(task -> task.isEmpty()
                ? ignored(event, "unknown task")
                : frames.lock(sql, event.frameId()).chain(frame -> frame.isEmpty() || !frame.get().taskId().equals(event.taskId())
                        ? ignored(event, "unknown frame")
                        : apply(sql, task.get(), frame.get(), event)));
    }

    /** One batch's reports over the tasks and frames it locked; see {@link #applyAll}. */
    private final class Batch {

        private final SqlClient sql;
        private final Map<UUID, Task> tasks;
        private final Map<UUID, Frame> frames;
        private final Map<UUID, Set<String>> blocklisted;
        /** Frames changed in memory, not written yet, in the order they were first changed. */
        private final Map<UUID, Frame> unwritten = new LinkedHashMap<>();
        /** Frames a report took down the one-by-one path: their later reports follow it, reading the row afresh. */
        private final Set<UUID> oneByOne = new HashSet<>();
        /** Tasks a frame of which ended in memory: settled once, after the batch's frames are written. */
        private final Set<UUID> toSettle = new LinkedHashSet<>();
        private final Instant now = Instant.now();

        Batch(SqlClient sql, Map<UUID, Task> tasks, Map<UUID, Frame> frames, Map<UUID, Set<String>> blocklisted) {
            this.sql = sql;
            this.tasks = tasks;
            this.frames = frames;
            this.blocklisted = blocklisted;
        }

        Uni<Void> apply(List<FrameEvent> events) {
            // Concatenated as a stream, not as 500 nested chains: most steps complete at once, and nesting them
            // would deepen the stack with every report.
            return Multi.createFrom().iterable(events).onItem().transformToUniAndConcatenate(this::step)
                    .collect().last().chain(this::write).chain(this::settle);
        }

        private Uni<Void> step(FrameEvent event) {
            Task task = tasks.get(event.taskId());
            Frame frame = frames.get(event.frameId());
            if (task == null) {
                return ignored(event, "unknown task");
            }
            if (frame == null && !oneByOne.contains(event.frameId()) || frame != null && !frame.taskId().equals(task.id())) {
                return ignored(event, "unknown frame");
            }
            Frame moved = frame == null ? null
                    : inMemory(task, frame, event, blocklisted.getOrDefault(task.id(), Set.of()).contains(agentOf(event)));
            if (moved == null) {
                // Written first: the one-by-one path reads the frame and the task's counts from the database.
                oneByOne.add(event.frameId());
                frames.remove(event.frameId());
                return write().chain(() -> applyLocking(sql, event));
            }
            if (moved != frame) {
                frames.put(moved.id(), moved);
                unwritten.put(moved.id(), moved);
                if (event instanceof FrameCompleted) {
                    toSettle.add(task.id());
                }
            }
            return Uni.createFrom().voidItem();
        }

        /**
         * The frame as the report leaves it when that needs nothing but the frame: the frame itself when the report
         * changes nothing, null when the report must take the one-by-one path.
         */
        private Frame inMemory(Task task, Frame frame, FrameEvent event, boolean agentBlocklisted) {
            boolean current = event.attempt() == frame.attempt() && frame.inFlight();
            if (!current) {
                // A start of a job that must not run is stopped on its agent: one by one. Anything else changes nothing.
                if (event instanceof FrameStarted) {
                    return null;
                }
                logIgnored(event, event.attempt() != frame.attempt()
                        ? "stale attempt " + event.attempt() + ", frame is at attempt " + frame.attempt()
                        : "frame is " + frame.status());
                return frame;
            }
            if (event instanceof FrameFailed || task.policy().chunkSize() > 1 && !(event instanceof FrameProgress)) {
                return null;
            }
            Fencing.Verdict fencing = Fencing.of(frame.attempt(), holderOf(frame), frame.fencingToken(), agentOf(event),
                    event.fencingToken(), event instanceof FrameStarted);
            if (fencing == Fencing.Verdict.STALE && !(event instanceof FrameStarted)) {
                logIgnored(event, "token " + FencingToken.describe(event.fencingToken()) + " does not hold the frame");
                return frame;
            }
            if (fencing != Fencing.Verdict.APPLY || event instanceof FrameStarted && agentBlocklisted) {
                return null;
            }
            Frame changed = moved(task, frame, event, fencing, 1, now);
            return changed == null ? frame : changed.heldBy(event.fencingToken());
        }

        private Uni<Void> write() {
            if (unwritten.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<Frame> changed = List.copyOf(unwritten.values());
            unwritten.clear();
            return FrameReports.this.frames.saveAll(sql, changed);
        }

        private Uni<Void> settle() {
            // Each task read again: a report of the batch that went one by one may have moved it.
            return Multi.createFrom().iterable(List.copyOf(toSettle)).onItem()
                    .transformToUniAndConcatenate(taskId -> FrameReports.this.tasks.lock(sql, taskId)
                            .chain(task -> task.isEmpty() ? Uni.createFrom().voidItem()
                                    : progression.settle(sql, task.get()).replaceWithVoid()))
                    .collect().last().replaceWithVoid();
        }
    }

    private static boolean ends(FrameEvent event) {
        return event instanceof FrameCompleted || event instanceof FrameFailed;
    }

    private Uni<Void> apply(SqlClient sql, Task task, Frame frame, FrameEvent event) {
        // Only starts and failures depend on the blocklist: progress, the commonest report, reads nothing more.
        Uni<Set<String>> blocklistedNow = event instanceof FrameStarted || event instanceof FrameFailed
                ? blocklist.ofTask(sql, task.id()) : Uni.createFrom().item(Set.of());
        return blocklistedNow.chain(blocklisted -> {
            String agent = agentOf(event);
            boolean current = event.attempt() == frame.attempt() && frame.inFlight();
            boolean agentBlocklisted = agent != null && blocklisted.contains(agent);
            // Which delivery of the current attempt the report speaks for; a report of another attempt is stale anyway.
            Fencing.Verdict fencing = current ? Fencing.of(frame.attempt(), holderOf(frame), frame.fencingToken(), agent,
                    event.fencingToken(), event instanceof FrameStarted) : Fencing.Verdict.APPLY;
            if (fencing == Fencing.Verdict.STALE) {
                return fenced(sql, frame, event, agent);
            }
            // The delivery that held the frame until now lost it: its agent stops rendering the attempt.
            Uni<Void> takenOver = fencing == Fencing.Verdict.TAKE_OVER
                    ? stop(sql, frame, frame.attempt(), frame.agentId(), holderToken(frame)).invoke(() -> LOG.infof(
                            "Frame %s attempt %d taken over by agent %s (token %s) from agent %s (token %s)", frame.id(),
                            frame.attempt(), agent, FencingToken.describe(event.fencingToken()), frame.agentId(),
                            FencingToken.describe(frame.fencingToken())))
                    : Uni.createFrom().voidItem();
            return takenOver.chain(() -> {
                if (event instanceof FrameStarted && (!current || agentBlocklisted)) {
                    // A job that must not run: released before a cancel, a pause or a take-back, or held by an agent
                    // blocklisted for the task since. The agent stops it; its report of that is stale or taken back.
                    Uni<Void> stopped = stop(sql, frame, event.attempt(), agent, event.fencingToken());
                    return current ? stopped.chain(() -> takeBack(sql, task, frame, "agent " + agent
                            + " is blocklisted for this task")) : stopped;
                }
                if (!current) {
                    return ignored(event, event.attempt() != frame.attempt()
                            ? "stale attempt " + event.attempt() + ", frame is at attempt " + frame.attempt()
                            : "frame is " + frame.status());
                }
                if (event instanceof FrameFailed f && f.handedBack()) {
                    // Given back unrun on the record's last delivery: neither the frame's failure nor the agent's.
                    return takeBack(sql, task, frame, "agent " + agent + " handed the job back unrun: " + describe(f));
                }
                if (event instanceof FrameFailed && agentBlocklisted) {
                    // An agent blocklisted for the task failing it says nothing about the frame.
                    return takeBack(sql, task, frame, "agent " + agent + " is blocklisted for this task");
                }
                return mates(sql, task, frame, event)
                        .chain(mates -> change(sql, task, frame, mates, event, blocklisted, fencing));
            });
        });
    }

    /** The agent the frame is RUNNING on; none while it is only released. */
    private static String holderOf(Frame frame) {
        return frame.status() == FrameStatus.RUNNING ? frame.agentId() : null;
    }

    /**
     * A report of a delivery that no longer holds the frame changes nothing; a start of one is told to stop (unless
     * its agent holds the frame by a newer delivery, whose run the stop would end).
     */
    private Uni<Void> fenced(SqlClient sql, Frame frame, FrameEvent event, String agent) {
        String why = "token " + FencingToken.describe(event.fencingToken()) + " of agent " + agent
                + " does not hold the frame; agent " + frame.agentId() + " does with token "
                + FencingToken.describe(frame.fencingToken());
        Uni<Void> ignored = ignored(event, why);
        return event instanceof FrameStarted && agent != null && !agent.equals(frame.agentId())
                ? ignored.chain(() -> stop(sql, frame, event.attempt(), agent, event.fencingToken())) : ignored;
    }

    /** The chunk's other frames, which move with the frame the job names; none for a task without chunks. */
    private Uni<List<Frame>> mates(SqlClient sql, Task task, Frame lead, FrameEvent event) {
        if (task.policy().chunkSize() <= 1 || event instanceof FrameProgress) {
            return Uni.createFrom().item(List.of());
        }
        return frames.chunkMates(sql, lead);
    }

    private Uni<Void> change(SqlClient sql, Task task, Frame lead, List<Frame> mates, FrameEvent event, Set<String> blocklisted,
            Fencing.Verdict fencing) {
        Instant now = Instant.now();
        int chunk = 1 + mates.size();
        Function<Frame, Frame> move = frame -> moved(task, frame, event, fencing, chunk, now);
        Frame changed = move.apply(lead);
        if (changed == null) {
            return Uni.createFrom().voidItem();
        }
        // The frame (and its chunk) is held by the report's delivery from now on: a lower token no longer counts.
        Function<Frame, Frame> held = move.andThen(f -> f == null ? null : f.heldBy(event.fencingToken()));
        List<Frame> all = new ArrayList<>();
        all.add(changed.heldBy(event.fencingToken()));
        mates.stream().map(held).filter(java.util.Objects::nonNull).forEach(all::add);
        Uni<Void> saved = Multi.createFrom().iterable(all).onItem().transformToUniAndConcatenate(f -> frames.save(sql, f))
                .collect().last().replaceWithVoid();
        if (event instanceof FrameProgress || event instanceof FrameStarted) {
            // Renderer percentages are kept on the frame; the task's progress counts whole frames, and a
            // start ends nothing: only frames that end move the task's counts, cost, tests and end, so only
            // they settle it (and announce its progress), once per frame instead of twice.
            return saved;
        }
        if (event instanceof FrameFailed f && BlocklistRule.countsAgainstAgent(f.retryable()) && f.agentId() != null) {
            saved = saved.chain(() -> countAgainst(sql, task, f.agentId(), blocklisted));
        }
        return saved.chain(() -> progression.settle(sql, task)).replaceWithVoid();
    }

    /**
     * The frame as a report of its current delivery leaves it; null when it changes nothing (a start of a frame already
     * running). A chunk's renderer time is shared evenly by its {@code chunk} frames; each frame keeps its own images.
     */
    private static Frame moved(Task task, Frame frame, FrameEvent event, Fencing.Verdict fencing, int chunk, Instant now) {
        return switch (event) {
            case FrameStarted s -> fencing == Fencing.Verdict.TAKE_OVER ? frame.takenOver(s.agentId(), s.time())
                    : frame.status() == FrameStatus.RUNNING ? null : frame.running(s.agentId(), s.time());
            case FrameProgress p -> frame.progressed(p.agentId(), Math.clamp(p.percent(), 0.0, 100.0));
            case FrameCompleted c -> frame.succeeded(c.agentId(), c.time() != null ? c.time() : now, c.seconds() / chunk,
                    c.peakMemoryBytes(), chunk == 1 ? c.outputs()
                            : c.outputs().stream().filter(o -> o.frame() == frame.number()).toList());
            case FrameFailed f -> frame.failed(describe(f), f.retryable(), task.maxAttempts(), now);
        };
    }

    /** One more failure of the agent on the task; enough of them blocklist it for the task. */
    private Uni<Void> countAgainst(SqlClient sql, Task task, String agentId, Set<String> blocklisted) {
        return blocklist.countFailure(sql, task.id(), agentId).chain(failures -> agents
                .live(sql, task.pool(), config.agent().heartbeatTimeout())
                .chain(live -> {
                    int others = (int) live.stream()
                            .filter(a -> !a.id().equals(agentId) && !blocklisted.contains(a.id())).count();
                    if (!BlocklistRule.blocklists(failures, config.blocklist().failures(), others)) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.infof("Agent %s blocklisted for task %s after %d failures", agentId, task.id(), failures);
                    return blocklist.blocklist(sql, task.id(), agentId);
                }));
    }

    /** The frame (with its chunk) back to WAITING, no failure counted, for another agent to take at once. */
    private Uni<Void> takeBack(SqlClient sql, Task task, Frame lead, String why) {
        return mates(sql, task, lead, null).chain(mates -> {
            List<Frame> all = new ArrayList<>();
            all.add(lead.takenBack(why));
            mates.forEach(m -> all.add(m.takenBack(why)));
            return Multi.createFrom().iterable(all).onItem().transformToUniAndConcatenate(f -> frames.save(sql, f))
                    .collect().last().replaceWithVoid();
        }).call(() -> signals.dispatchSoon(sql));
    }

    private static String agentOf(FrameEvent event) {
        return switch (event) {
            case FrameStarted s -> s.agentId();
            case FrameProgress p -> p.agentId();
            case FrameCompleted c -> c.agentId();
            case FrameFailed f -> f.agentId();
        };
    }

    /**
     * Tells the agent to stop this attempt of the frame as the delivery of {@code token} gave it (null: whatever
     * delivery); another attempt of it there, or a later delivery of this one, keeps rendering.
     */
    private Uni<Void> stop(SqlClient sql, Frame frame, int attempt, String agentId, Long token) {
        if (agentId == null) {
            return Uni.createFrom().voidItem();
        }
        AgentCommand command = new AgentCommand(UUID.randomUUID(), Instant.now(), agentId,
                AgentCommand.Command.CANCEL_FRAME, frame.taskId(), frame.id(), attempt, token);
        return outbox.append(sql, Topics.AGENT_COMMANDS, agentId, command);
    }

    /** The token of the delivery holding the frame's current attempt; null when none of this attempt is kept. */
    private static Long holderToken(Frame frame) {
        Long token = frame.fencingToken();
        return token != null && FencingToken.attempt(token) == frame.attempt() ? token : null;
    }

    private static String describe(FrameFailed f) {
        String reason = f.reason() == null || f.reason().isBlank() ? "the renderer failed" : f.reason();
        return f.exitCode() == null ? reason : reason + " (exit code " + f.exitCode() + ")";
    }

    private static Uni<Void> ignored(FrameEvent event, String why) {
        logIgnored(event, why);
        return Uni.createFrom().voidItem();
    }

    private static void logIgnored(FrameEvent event, String why) {
        LOG.debugf("Frame event %s (%s) for frame %s ignored: %s", event.id(), typeOf(event), event.frameId(), why);
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
