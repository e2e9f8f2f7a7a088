package cloud.yuntu.agent.render.renderer;

import cloud.yuntu.agent.render.log.ArnoldLog;
import cloud.yuntu.agent.render.log.FrameSequence;
import cloud.yuntu.agent.render.log.RendererLog;
import java.util.List;

/**
 * Arnold (MtoA), {@code Render -r arnold} ("Batch Render Flags" of the Arnold for Maya user guide; {@code Render -help
 * -r arnold}): {@code -of} is listed. Added:
 * <ul>
 * <li>{@code -ai:lve 2}: verbosity Info; Arnold prints its {@code N% done} progress at Info, not at the default Warnings;
 * <li>{@code -ai:alf true}: abort on licence fail. Without it an unlicensed batch render writes watermarked frames
 * and exits 0, which the agent would deliver;
 * <li>{@code -ai:threads N} when the node sets a thread count.
 * </ul>
 * No GPU flag: {@code -ai:device} would switch a CPU scene to the GPU (another look), and {@code -ai:gpu} selects one
 * card only; a GPU scene uses Arnold's default devices, which are its slot's GPUs only ({@code CUDA_VISIBLE_DEVICES},
 * set by {@code RenderCommand}) on a node with GPUs.
 */
public final class Arnold implements Renderer {

    @Override
    public String name() {
        return "arnold";
    }

    @Override
    public List<String> flags(RenderRequest request) {
        MayaFlags maya = MayaFlags.common("arnold", request, true).add("-ai:lve", "2").add("-ai:alf", "true");
        if (request.resources().threads() > 0) {
            maya.add("-ai:threads", Integer.toString(request.resources().threads()));
        }
        return maya.withScene();
    }

    @Override
    public RendererLog log(FrameSequence frames) {
        return new ArnoldLog(frames);
    }
}
