package cloud.yuntu.agent.render.renderer;

import cloud.yuntu.agent.render.log.FrameSequence;
import cloud.yuntu.agent.render.log.RedshiftLog;
import cloud.yuntu.agent.render.log.RendererLog;
import java.util.List;

/**
 * Redshift, {@code Render -r redshift}. It rejects {@code -fnc} and writes the format of the scene's Redshift options,
 * so {@code -of} is not passed (AWS Deadline Cloud's maya_redshift_render sample). {@code -gpu {0,1}} selects the
 * slot's GPUs (studio submitters and CGRU's Redshift wrapper pass it so); without GPUs Redshift uses its own
 * device preferences. The process sees only its slot's GPUs ({@code CUDA_VISIBLE_DEVICES}, set by
 * {@code RenderCommand}), and CUDA numbers them from 0 inside it: the slot of devices 2 and 3 passes {@code -gpu {0,1}},
 * which are those two cards. Their own indices would name cards the process cannot see. Redshift prints its block progress at its default log level, so no verbosity flag; it is a
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
