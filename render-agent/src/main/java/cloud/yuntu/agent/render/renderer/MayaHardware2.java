package cloud.yuntu.agent.render.renderer;

import cloud.yuntu.agent.render.log.FrameSequence;
import cloud.yuntu.agent.render.log.MayaHardware2Log;
import cloud.yuntu.agent.render.log.RendererLog;
import java.util.List;

/**
 * Maya Hardware 2.0, {@code Render -r hw2}: Maya's common flags with {@code -of}; it renders on the node's display
 * GPU through Viewport 2.0, with no thread, GPU or verbosity flag.
 */
public final class MayaHardware2 implements Renderer {

    @Override
    public String name() {
        return "mayaHardware2";
    }

    @Override
    public List<String> flags(RenderRequest request) {
        return MayaFlags.common("hw2", request, true).withScene();
    }

    @Override
    public RendererLog log(FrameSequence frames) {
        return new MayaHardware2Log(frames);
    }
}
