package cloud.yuntu.agent.render.log;

/** What one line of a renderer's log says, as the agent reads it. */
public sealed interface LogEvent {

    /** The job's percentage after this line (0..100), spread over the frames of a chunk. */
    record Progress(double percent) implements LogEvent {
    }

    /** A frame of the job started or finished rendering. */
    record Frame(int frame, State state) implements LogEvent {

        public enum State {
            STARTED, FINISHED
        }
    }

    /** A warning of the renderer or of Maya. */
    record Warning(String line) implements LogEvent {
    }

    /**
     * An error line. {@code fatal}: the render cannot end well after it (it stops the render, or the frame it
     * writes is not the one asked for, such as a licence failure leaving a watermark); other errors are
     * reported and the render may still succeed. {@code retryable}: another attempt, on this node or another,
     * may succeed.
     */
    record Error(String line, ErrorKind kind, boolean fatal, boolean retryable) implements LogEvent {
    }
}
