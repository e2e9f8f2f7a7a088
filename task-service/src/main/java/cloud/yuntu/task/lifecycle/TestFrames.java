package cloud.yuntu.task.lifecycle;

import cloud.yuntu.task.frame.FrameList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which frames render first, as a test of the task: {@code auto} takes each layer's first, middle and
 * last frame (where a shot's cost usually varies most: the opening, the action, the end); a frame list
 * takes those of its numbers each layer renders. A pure rule.
 */
public final class TestFrames {

    public static final String AUTO = "auto";

    /** Test frames beyond this many would not be a test but the render. */
    public static final int MAX = 100;

    private TestFrames() {
    }

    public static boolean isAuto(String spec) {
        return spec != null && spec.strip().toLowerCase(Locale.ROOT).equals(AUTO);
    }

    /**
     * The numbers a frame-list spec names.
     *
     * @throws FrameList.InvalidFrameList when it is not a frame list or names more than {@link #MAX} frames
     */
    public static List<Integer> listed(String spec) {
        return FrameList.parse(spec, MAX).numbers();
    }

    /**
     * The test frames of one layer.
     *
     * @param spec {@code auto} or a frame list, null for none
     * @param layerFrames the layer's frame numbers, ascending
     */
    public static Set<Integer> of(String spec, List<Integer> layerFrames) {
        Set<Integer> chosen = new TreeSet<>();
        if (spec == null || layerFrames.isEmpty()) {
            return chosen;
        }
        if (isAuto(spec)) {
            chosen.add(layerFrames.getFirst());
            chosen.add(layerFrames.get((layerFrames.size() - 1) / 2));
            chosen.add(layerFrames.getLast());
            return chosen;
        }
        Set<Integer> rendered = Set.copyOf(layerFrames);
        listed(spec).stream().filter(rendered::contains).forEach(chosen::add);
        return chosen;
    }

    /** Numbers of a frame-list spec that no layer renders: a test of a frame that will not render tests nothing. */
    public static List<Integer> outside(String spec, Collection<List<Integer>> layersFrames) {
        if (spec == null || isAuto(spec)) {
            return List.of();
        }
        Set<Integer> rendered = new TreeSet<>();
        layersFrames.forEach(rendered::addAll);
        return listed(spec).stream().filter(n -> !rendered.contains(n)).toList();
    }
}
