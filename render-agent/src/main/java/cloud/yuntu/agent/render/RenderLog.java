package cloud.yuntu.agent.render;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The last lines of a renderer's output, for a failure report. What the lines mean (progress, the decisive error)
 * is read by the renderer's own log reader ({@code render.log}).
 */
public final class RenderLog {

    private final int tailSize;
    private final ArrayDeque<String> tail;

    public RenderLog(int tailSize) {
        this.tailSize = tailSize;
        this.tail = new ArrayDeque<>(tailSize);
    }

    public synchronized void accept(String line) {
        if (tail.size() == tailSize) {
            tail.removeFirst();
        }
        tail.addLast(line);
    }

    public synchronized List<String> tail() {
        return List.copyOf(tail);
    }
}
