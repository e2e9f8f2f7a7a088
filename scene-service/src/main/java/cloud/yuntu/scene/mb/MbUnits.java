package cloud.yuntu.scene.mb;

import java.util.Map;

/** The .mb header writes units in their short form; the report uses the names .ma files use. */
final class MbUnits {

    private static final Map<String, String> LINEAR = Map.of("mm", "millimeter", "cm", "centimeter", "m", "meter",
            "km", "kilometer", "in", "inch", "ft", "foot", "yd", "yard", "mi", "mile");
    private static final Map<String, String> ANGULAR = Map.of("deg", "degree", "rad", "radian", "min", "minute",
            "sec", "second");
    private static final Map<String, Double> FPS = Map.ofEntries(Map.entry("game", 15.0), Map.entry("film", 24.0),
            Map.entry("pal", 25.0), Map.entry("ntsc", 30.0), Map.entry("show", 48.0), Map.entry("palf", 50.0),
            Map.entry("ntscf", 60.0), Map.entry("hour", 1.0 / 3600), Map.entry("min", 1.0 / 60),
            Map.entry("sec", 1.0), Map.entry("millisec", 1000.0));

    private MbUnits() {
    }

    static String linear(String unit) {
        return LINEAR.getOrDefault(unit, unit);
    }

    static String angular(String unit) {
        return ANGULAR.getOrDefault(unit, unit);
    }

    /** Frames per second of a time unit: named ones, or Maya's {@code 23.976fps} form; film when unknown. */
    static double framesPerSecond(String unit) {
        Double fps = FPS.get(unit);
        if (fps != null) {
            return fps;
        }
        if (unit.endsWith("fps")) {
            try {
                return Double.parseDouble(unit.substring(0, unit.length() - 3));
            } catch (NumberFormatException e) {
                return 24;
            }
        }
        return 24;
    }
}
