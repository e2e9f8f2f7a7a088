package cloud.yuntu.agent.render.renderer;

import cloud.yuntu.agent.render.log.FrameSequence;
import cloud.yuntu.agent.render.log.RendererLog;
import java.util.List;

/**
 * What the agent knows of one of Maya's renderers: the flags of its {@code Render} command line (as
 * {@code Render -r <name> -help} lists them and its documentation describes them) and the reader of its log.
 */
public interface Renderer {

    /** The name jobs give it, Maya's {@code defaultRenderGlobals.currentRenderer} ({@code arnold}, {@code mayaSoftware}). */
    String name();

    /** Maya's {@code Render} arguments for {@code request}, the scene last; no shell quoting, one argument a flag or value. */
    List<String> flags(RenderRequest request);

    /** A fresh reader of one run's log. */
    RendererLog log(FrameSequence frames);
}
