package cloud.yuntu.agent.render.log;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The log reader of each renderer, by the name a job gives it ({@code arnold}, {@code mayaSoftware}) or by its
 * {@code Render -r} name ({@code sw}, {@code hw2}). {@code simulate} talks like Arnold.
 */
public final class LogParsers {

    private static final Map<String, Function<FrameSequence, RendererLog>> KNOWN = Map.of(
            "arnold", ArnoldLog::new,
            "simulate", ArnoldLog::new,
            "vray", VRayLog::new,
            "redshift", RedshiftLog::new,
            "renderman", RenderManLog::new,
            "mayasoftware", MayaSoftwareLog::new,
            "sw", MayaSoftwareLog::new,
            "mayahardware2", MayaHardware2Log::new,
            "hw2", MayaHardware2Log::new);

    private LogParsers() {
    }

    /** The reader of a renderer the agent knows, empty for any other name. */
    public static Optional<RendererLog> known(String renderer, FrameSequence frames) {
        Function<FrameSequence, RendererLog> parser = renderer == null ? null : KNOWN.get(renderer.toLowerCase(Locale.ROOT));
        return Optional.ofNullable(parser).map(p -> p.apply(frames));
    }

    /** The reader of {@code renderer}, {@link GenericLog} for a renderer the agent knows no log of. */
    public static RendererLog of(String renderer, FrameSequence frames) {
        return known(renderer, frames).orElseGet(() -> new GenericLog(frames));
    }

    /** The names {@link #known} answers for. */
    public static String names() {
        return "arnold, vray, redshift, renderman, mayaSoftware (sw), mayaHardware2 (hw2), simulate";
    }
}
