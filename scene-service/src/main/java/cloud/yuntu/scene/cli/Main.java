package cloud.yuntu.scene.cli;

import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.scene.analysis.SceneAnalyser;
import cloud.yuntu.scene.analysis.UploadManifest;
import cloud.yuntu.scene.parse.SceneParseException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command-line analysis for pipeline TDs: prints each scene's report as JSON. Plain Java, no
 * Quarkus boot, so it answers in well under a second.
 */
@Command(name = "yuntu-scene", mixinStandardHelpOptions = true,
        description = "Analyse Maya scenes (.ma/.mb) without Maya and print the report JSON.")
public final class Main implements Callable<Integer> {

    /** Files under a manifest folder are listed this deep at most (a project tree, not a disk). */
    private static final int MANIFEST_DEPTH = 16;

    @Parameters(paramLabel = "SCENE", arity = "1..*", description = "scene files to analyse")
    List<Path> scenes;

    @Option(names = "--manifest", paramLabel = "DIR",
            description = "folder holding the files that will be uploaded with the scene (default: the scene's own folder)")
    Path manifest;

    @Option(names = "--no-manifest", description = "do not check dependencies against any folder")
    boolean noManifest;

    @Option(names = "--compact", description = "one line of JSON per scene instead of indented JSON")
    boolean compact;

    public static void main(String[] args) {
        // jboss-logmanager is on the class path (Quarkus); without this the JDK logger finder complains on stderr.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        ObjectWriter writer = compact ? FarmJson.mapper().writer() : FarmJson.mapper().writerWithDefaultPrettyPrinter();
        PrintWriter out = new PrintWriter(System.out, true);
        int exit = 0;
        SceneAnalyser analyser = new SceneAnalyser();
        for (Path scene : scenes) {
            try (InputStream in = Files.newInputStream(scene)) {
                SceneReport report = analyser.analyse(in, scene.getFileName().toString(), manifestFor(scene));
                out.println(writer.writeValueAsString(report));
            } catch (SceneParseException e) {
                System.err.printf("%s: %s: %s%n", scene, e.code(), e.getMessage());
                exit = 2;
            } catch (IOException e) {
                System.err.printf("%s: cannot read: %s%n", scene, e.getMessage());
                exit = 1;
            }
        }
        return exit;
    }

    private UploadManifest manifestFor(Path scene) throws IOException {
        if (noManifest) {
            return null;
        }
        Path root = manifest != null ? manifest : scene.toAbsolutePath().getParent();
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, MANIFEST_DEPTH)) {
            walk.filter(Files::isRegularFile).forEach(p -> files.add(root.relativize(p).toString()));
        }
        return UploadManifest.of(files);
    }
}
