package cloud.yuntu.agent.render.renderer;

import cloud.yuntu.agent.render.log.FrameSequence;
import cloud.yuntu.agent.render.log.MayaSoftwareLog;
import cloud.yuntu.agent.render.log.RendererLog;
import java.util.List;

/**
 * Maya Software, {@code Render -r sw} (Autodesk's "Maya Software renderer command line renderer flags",
 * {@code Render -r sw -help}): {@code -of}, and {@code -n N} for the number of processors when the node sets a
 * thread count (0 would mean all, Maya's default).
 */
public final class MayaSoftware implements Renderer {

    @Override
    public String name() {
        return "mayaSoftware";
    }

    @Override
    public List<String> flags(RenderRequest request) {
        MayaFlags maya = MayaFlags.common("sw", request, true);
        if (request.resources().threads() > 0) {
            maya.add("-n", Integer.toString(request.resources().threads()));
        }
        return maya.withScene();
    }

    @Override
    public RendererLog log(FrameSequence frames) {
        return new MayaSoftwareLog(frames);
    }
}
