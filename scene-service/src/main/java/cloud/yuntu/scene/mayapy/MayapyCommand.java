package cloud.yuntu.scene.mayapy;

import java.nio.file.Path;
import java.util.List;

/**
 * The process that produces a report with Maya itself, for comparison with the pure-Java
 * analysis: {@code mayapy <script> <scene>}. Only built here; it cannot run without Maya.
 *
 * @param mayapy the configured mayapy executable
 * @param script the shipped {@code scene_report.py}, extracted to a file
 */
public record MayapyCommand(Path mayapy, Path script) {

    public List<String> argv(Path scene) {
        if (!scene.isAbsolute()) {
            throw new IllegalArgumentException("scene path must be absolute, got " + scene);
        }
        return List.of(mayapy.toString(), script.toString(), scene.toString());
    }

    /** Maya must not open a UI, write prefs where it pleases, or phone home while analysing. */
    public ProcessBuilder process(Path scene, Path workDir) {
        ProcessBuilder builder = new ProcessBuilder(argv(scene)).directory(workDir.toFile()).redirectErrorStream(false);
        builder.environment().put("MAYA_APP_DIR", workDir.resolve("maya-app").toString());
        builder.environment().put("MAYA_DISABLE_CIP", "1");
        builder.environment().put("MAYA_DISABLE_CER", "1");
        builder.environment().put("MAYA_NO_HOME", "1");
        return builder;
    }
}
