package cloud.yuntu.agent.render.renderer;

import cloud.yuntu.contracts.frame.FrameJob;
import java.nio.file.Path;

/** One renderer run of a job: the scene placed in its project, where images go, and the node's resources. */
public record RenderRequest(FrameJob job, Path scene, Path renderDir, RenderResources resources) {
}
