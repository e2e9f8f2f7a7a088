package cloud.yuntu.agent.render.renderer;

import cloud.yuntu.agent.render.log.FrameSequence;
import cloud.yuntu.agent.render.log.RendererLog;
import cloud.yuntu.agent.render.log.VRayLog;
import java.util.List;

/**
 * V-Ray for Maya, {@code Render -r vray}. It rejects {@code -fnc} ("Invalid flag") and takes the image format from
 * the scene's {@code vraySettings.imageFormatStr}, so neither is passed (AWS Deadline Cloud's maya_vray_render sample,
 * run against V-Ray 7 for Maya 2027). Threads and log level are scene settings of V-Ray
 * ({@code vraySettings.sys_max_threads}, {@code vraySettings.sys_message_level}); they are set through Maya's common
 * {@code -preRender} MEL flag, as render farms do: message level 4 (information) prints the {@code Rendering image...}
 * progress. No GPU flag: V-Ray's device is the scene's {@code productionEngine}, not a command-line choice.
 */
public final class VRay implements Renderer {

    @Override
    public String name() {
        return "vray";
    }

    @Override
    public List<String> flags(RenderRequest request) {
        String mel = "setAttr vraySettings.sys_message_level 4;";
        if (request.resources().threads() > 0) {
            mel += " setAttr vraySettings.sys_max_threads " + request.resources().threads() + ";";
        }
        return MayaFlags.common("vray", request, false).add("-preRender", mel).withScene();
    }

    @Override
    public RendererLog log(FrameSequence frames) {
        return new VRayLog(frames);
    }
}
