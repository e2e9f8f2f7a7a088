package cloud.yuntu.agent.render.log;

/**
 * What the agent concludes from a renderer's log and exit status.
 *
 * @param reason the decisive line (the error as the renderer wrote it, Maya's {@code // Error:} frame left out),
 *        or null when the render succeeded
 */
public record Verdict(boolean success, String reason, boolean retryable) {

    static Verdict succeeded() {
        return new Verdict(true, null, false);
    }

    static Verdict failed(String reason, boolean retryable) {
        return new Verdict(false, reason, retryable);
    }
}
