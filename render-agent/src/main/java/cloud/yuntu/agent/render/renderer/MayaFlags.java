package cloud.yuntu.agent.render.renderer;

import cloud.yuntu.contracts.frame.FrameJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The flags every renderer's {@code Render} takes (Autodesk's "Common flags for the command line renderer"):
 * {@code -r -proj -s -e -b -pad -rd -im [-of] [-x -y] [-cam] [-rl]}, then each renderer's own, then the scene.
 */
final class MayaFlags {

    /** Maya's default frame padding is 1; the farm always pads to 4 so file names sort. */
    static final int PAD = 4;

    private final List<String> flags = new ArrayList<>();
    private final RenderRequest request;

    private MayaFlags(RenderRequest request) {
        this.request = request;
    }

    /**
     * @param renderFlag the renderer's {@code -r} name
     * @param outputFormat pass {@code -of}: only renderers whose help lists it; the others take the format from the scene
     */
    static MayaFlags common(String renderFlag, RenderRequest request, boolean outputFormat) {
        FrameJob job = request.job();
        MayaFlags maya = new MayaFlags(request);
        maya.add("-r", renderFlag);
        maya.add("-proj", request.scene().toAbsolutePath().getParent().toString());
        maya.add("-s", Integer.toString(job.frames().start()));
        maya.add("-e", Integer.toString(job.frames().end()));
        maya.add("-b", Integer.toString(job.frames().by()));
        maya.add("-pad", Integer.toString(PAD));
        maya.add("-rd", request.renderDir().toString());
        maya.add("-im", imagePrefix(job, request.scene()));
        if (outputFormat) {
            maya.add("-of", imageFormat(job));
        }
        if (job.resolution() != null) {
            maya.add("-x", Integer.toString(job.resolution().width()));
            maya.add("-y", Integer.toString(job.resolution().height()));
        }
        if (job.camera() != null && !job.camera().isBlank()) {
            maya.add("-cam", job.camera());
        }
        if (job.layer() != null && !job.layer().isBlank()) {
            maya.add("-rl", job.layer());
        }
        return maya;
    }

    MayaFlags add(String flag, String value) {
        flags.add(flag);
        flags.add(value);
        return this;
    }

    /** The flags with the scene last. */
    List<String> withScene() {
        List<String> all = new ArrayList<>(flags);
        all.add(request.scene().toString());
        return List.copyOf(all);
    }

    /** The name Maya gives images: {@code -im} or, like Maya, the scene's base name. */
    static String imagePrefix(FrameJob job, Path scene) {
        if (job.outputPrefix() != null && !job.outputPrefix().isBlank()) {
            return job.outputPrefix();
        }
        String name = scene.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    static String imageFormat(FrameJob job) {
        return job.imageFormat() == null || job.imageFormat().isBlank() ? "png" : job.imageFormat();
    }

    /** Redshift's and Arnold's GPU list form: {@code {0,1}}. */
    static String gpuList(int gpus) {
        StringBuilder list = new StringBuilder("{");
        for (int i = 0; i < gpus; i++) {
            list.append(i == 0 ? "" : ",").append(i);
        }
        return list.append('}').toString();
    }
}
