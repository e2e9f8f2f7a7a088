package cloud.yuntu.agent.render.renderer;

import cloud.yuntu.agent.render.log.FrameSequence;
import cloud.yuntu.agent.render.log.RedshiftLog;
import cloud.yuntu.agent.render.log.RendererLog;
import java.util.List;

/**
 * Redshift, {@code Render -r redshift}. It rejects {@code -fnc} and writes the format of the scene's Redshift options,
 * so {@code -of} is not passed (AWS Deadline Cloud's maya_redshift_render sample). {@code -gpu {0,1}} selects the
 * node's GPUs (studio submitters and CGRU's Redshift wrapper pass it so); without GPUs declared Redshift uses its own
 * device preferences. Redshift prints its block progress at its default log level, so no verbosity flag; it is a
 * GPU renderer, so no thread count.
 */
public final class Redshift implements Renderer {

    @Override
    public String name() {
        return "redshift";
    }

    @Override
    public List<String> flags(RenderRequest request) {
        MayaFlags maya = MayaFlags.common("redshift", request, false);
        if (request.resources().gpus() > 0) {
            maya.add("-gpu", MayaFlags.gpuList(request.resources().gpus()));
        }
        return maya.withScene();
    }

    @Override
    public RendererLog log(FrameSequence frames) {
        return new RedshiftLog(frames);
    }
}
