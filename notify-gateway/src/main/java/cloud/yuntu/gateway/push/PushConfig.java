package cloud.yuntu.gateway.push;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the gateway fans events out to WebSocket clients. */
@ConfigMapping(prefix = "yuntu.gateway.push")
public interface PushConfig {

    /**
     * Messages that may wait for one client before its connection is dropped. A client this far
     * behind is not reading; holding more for it would only grow memory without helping it.
     */
    @WithDefault("256")
    int sendQueueLimit();

    /**
     * How long a connection may stay silent (no pong to the server's pings, no message) before it
     * is closed. Twice the ping interval ({@code quarkus.websockets-next.server.auto-ping-interval},
     * 30 s), so one lost pong is forgiven.
     */
    @WithDefault("60s")
    Duration silenceTimeout();

    /**
     * The largest message a client may send, in bytes of UTF-8; a larger one closes the connection
     * with 1009. Clients send only small control messages ({@code {"event":"ping"}}). Frames over
     * {@code quarkus.websockets-next.server.max-frame-size} are refused before they are read.
     */
    @WithDefault("4096")
    int clientMessageLimit();

    /**
     * Task log lines one connection is shown per second at most, in bursts of up to as many; the
     * lines of a batch beyond it are dropped and the client told how many ({@code dropped}). A
     * renderer at its usual verbosity prints a few lines a second per frame (progress, per-block
     * or per-pass lines), so 2000 lets a task render dozens of frames at once with every line
     * shown, while a runaway or debug-verbosity log (tens of thousands of lines a second) stays
     * within what a browser can draw: at 100 bytes a line about 200 KB/s.
     */
    @WithDefault("2000")
    int logLinesPerSecond();

    /**
     * The longest task log line pushed, in bytes of UTF-8; a longer one is cut there and ends with
     * "…". Renderer lines are short; a line of kilobytes is a dumped buffer or a path list nobody
     * reads in a live view (the archived log keeps it whole).
     */
    @WithDefault("4096")
    int logLineLimit();

    /**
     * How often a connection following a task asks again whose the task is while the gateway does
     * not know yet (the task's first events may be numbered just after the connection opened, and
     * its first log lines may come right after); until then the task's log is not shown to users.
     */
    @WithDefault("3s")
    Duration taskOwnerRecheck();
}
