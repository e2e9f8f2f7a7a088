package cloud.yuntu.agent.job;

import cloud.yuntu.agent.heartbeat.InstalledRenderers;
import cloud.yuntu.agent.render.LogText;
import cloud.yuntu.agent.transfer.OutputPaths;
import cloud.yuntu.contracts.frame.FrameJob;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Jobs this agent must not run, checked before a slot or a download is spent on them. task-service
 * routes jobs by lane and refuses such names at submission; these checks are the second line, for
 * a job that got here anyway (a misrouted record, an older task-service, a hand-made record). The
 * first check is task-service's own word: a job naming this agent in {@code excludedAgents} (it is
 * blocklisted for the job's task) is handed back unrun, whatever else the job holds.
 */
final class JobCheck {

    /**
     * @param retryable whether another attempt (on another agent) may succeed
     */
    record Refusal(String reason, boolean retryable) {
    }

    private final InstalledRenderers renderers;
    private final String agentId;

    JobCheck(InstalledRenderers renderers, String agentId) {
        this.renderers = renderers;
        this.agentId = agentId;
    }

    Optional<Refusal> refusal(FrameJob job) {
        if (job.excludedAgents().contains(agentId)) {
            // Retryable: the frame is fine, another agent renders it. task-service does not count this
            // report against the frame, and the record is rejected so it does not come back here.
            return Optional.of(new Refusal("agent " + agentId + " is blocklisted for task " + job.taskId(), true));
        }
        Map<String, String> names = new LinkedHashMap<>();
        names.put("renderer", job.renderer());
        names.put("layer", job.layer());
        names.put("camera", job.camera());
        names.put("outputPrefix", job.outputPrefix());
        names.put("imageFormat", job.imageFormat());
        for (var name : names.entrySet()) {
            // Maya's node names hold no control characters, and the renderer would echo them unescaped
            // into the log it prints: a name with a newline could forge lines there.
            if (LogText.hasControl(name.getValue())) {
                return Optional.of(new Refusal("job field " + name.getKey() + " holds control characters: "
                        + LogText.escape(name.getValue()), false));
            }
        }
        if (job.outputPrefix() != null && !job.outputPrefix().isBlank()) {
            Optional<String> problem = OutputPaths.problem(job.outputPrefix());
            if (problem.isPresent()) {
                // Maya would write there: out of the job's directory, or files the upload refuses.
                return Optional.of(new Refusal("output prefix " + job.outputPrefix() + " is not a path below the "
                        + "render directory: " + problem.get(), false));
            }
        }
        if (!renderers.has(job.renderer())) {
            // Reported rather than released: a released record returns to the same lane, whose agents
            // lack the renderer as well, with one more delivery each time, until the broker archives it
            // and the frame waits for ever with no word. Retryable: the frame is fine, and its next
            // attempt goes to the lane of its renderer.
            return Optional.of(new Refusal("renderer " + job.renderer() + " is not installed on agent " + agentId
                    + " (it has " + String.join(", ", renderers.names()) + ")", true));
        }
        return Optional.empty();
    }
}
