package cloud.yuntu.agent.render.renderer;

import cloud.yuntu.agent.render.log.FrameSequence;
import cloud.yuntu.agent.render.log.LogParsers;
import cloud.yuntu.agent.render.log.RendererLog;
import java.util.List;

/**
 * A renderer the agent has no knowledge of ({@code simulate}, or a name a node lists in {@code yuntu.agent.maya.renderers}
 * beyond the six): Maya's common flags with {@code -of} and its name as {@code -r}; {@code simulate} reads as Arnold,
 * any other name with the generic log reader.
 */
record OtherRenderer(String name) implements Renderer {

    @Override
    public List<String> flags(RenderRequest request) {
        return MayaFlags.common(name, request, true).withScene();
    }

    @Override
    public RendererLog log(FrameSequence frames) {
        return LogParsers.of(name, frames);
    }
}
