package cloud.yuntu.agent.render.renderer;

import java.util.List;

/** The renderer of a job, by the name the job gives it. */
public final class Renderers {

    private static final List<Renderer> KNOWN = List.of(new Arnold(), new VRay(), new Redshift(), new RenderMan(),
            new MayaSoftware(), new MayaHardware2());

    private Renderers() {
    }

    public static Renderer of(String name) {
        return KNOWN.stream().filter(r -> r.name().equals(name)).findFirst().orElseGet(() -> new OtherRenderer(name));
    }
}
