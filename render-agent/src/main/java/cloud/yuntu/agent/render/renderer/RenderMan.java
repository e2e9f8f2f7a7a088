package cloud.yuntu.agent.render.renderer;

import cloud.yuntu.agent.render.log.FrameSequence;
import cloud.yuntu.agent.render.log.RenderManLog;
import cloud.yuntu.agent.render.log.RendererLog;
import java.util.List;

/**
 * RenderMan for Maya, {@code Render -r renderman} (Pixar's "Batch Rendering in Maya": {@code -rl} and the MEL
 * callbacks besides Maya's common flags). The image format is the scene's display setting, so {@code -of} is not
 * passed; batch threads are a RenderMan preference, not a flag.
 */
public final class RenderMan implements Renderer {

    @Override
    public String name() {
        return "renderman";
    }

    @Override
    public List<String> flags(RenderRequest request) {
        return MayaFlags.common("renderman", request, false).withScene();
    }

    @Override
    public RendererLog log(FrameSequence frames) {
        return new RenderManLog(frames);
    }
}
