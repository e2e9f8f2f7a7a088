package cloud.yuntu.agent.render.log;

import java.util.OptionalDouble;

/**
 * Maya Hardware 2.0 ({@code Render -r hw2}) prints no percentage in a batch render: frames end with
 * {@code Finished Rendering <image>.}, progress moves frame by frame. Viewport 2.0 failing to start on the node
 * ({@code Failed to initialize the Viewport 2.0 renderer}) is the node's fault: its GPU or driver.
 */
public class MayaHardware2Log extends RendererLog {

    public MayaHardware2Log(FrameSequence frames) {
        super(frames);
    }

    @Override
    protected OptionalDouble framePercent(String line) {
        return OptionalDouble.empty();
    }

    @Override
    protected boolean finishesFrame(String line) {
        return line.startsWith("Finished Rendering ");
    }

    @Override
    protected ErrorKind mayaErrorKind(String message) {
        if (message.contains("Viewport 2.0") && (message.contains("initiali") || message.contains("not supported"))) {
            return ErrorKind.GPU;
        }
        return super.mayaErrorKind(message);
    }
}
