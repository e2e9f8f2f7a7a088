package cloud.yuntu.agent.simulate;

import cloud.yuntu.agent.simulate.SceneDependencies.Dependency;
import cloud.yuntu.contracts.scene.SceneReport.DependencyKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads every file the scene makes Maya load ({@link SceneDependencies}), resolved as Maya resolves
 * it ({@link ProjectFiles}), and says so in the renderer's log ({@link RendererStyle#dependency}).
 * Referenced Maya ASCII files are read for their own dependencies in turn, once each. What was
 * read ends up in the image through {@link #digest()}; what was missing is the renderer's to judge.
 *
 * <p>A missing referenced file is reported as Maya reports it while reading a scene, and the scene
 * is rendered without it: {@code // Warning: file: <scene> line <n>: Reference file not found: <path> //},
 * then {@code // Warning: Errors have occurred while reading this scene that may result in data loss. //}.
 * Batch {@code Render} goes on and exits 0 with the reference's content absent: a Maya scene whose
 * references could not be resolved on a farm node "will not render correctly. Objects from the
 * reference file do not show up" (AtomicConductor/conductor_client#191, a completely blank render,
 * no failure). The message is the one Maya shows for an unresolved reference (quoted in
 * getavalon/core#97); the {@code // Warning: file: <scene> line <n>: ...} frame and the closing
 * "Errors have occurred while reading this scene" line are Maya's file-read warnings as printed in
 * mgear-dev/mgear_legacy#217.
 */
final class DependencyReader {

    /** A file a node names that was not there when the renderer looked for it. */
    record Missing(Dependency dependency, String where) {
    }

    private final Path project;
    private final RendererStyle style;
    private final SimulatedRender.Out log;
    private final List<byte[]> digests = new ArrayList<>();
    private final List<Missing> missing = new ArrayList<>();
    private final Set<Path> visited = new HashSet<>();

    private DependencyReader(Path project, RendererStyle style, SimulatedRender.Out log) {
        this.project = project;
        this.style = style;
        this.log = log;
    }

    /**
     * Reads what {@code scene} and the files it references name.
     *
     * @param named what the scene itself names ({@link SceneFile#dependencies()}, read with its settings)
     */
    static DependencyReader read(Path scene, List<Dependency> named, Path project, RendererStyle style,
                                 SimulatedRender.Out log) throws IOException {
        DependencyReader reader = new DependencyReader(project, style, log);
        List<Dependency> nodeFiles = new ArrayList<>();
        reader.visited.add(scene.toAbsolutePath().normalize());
        boolean referencesMissing = reader.load(scene, named, null, nodeFiles);
        if (referencesMissing) {
            log.line("// Warning: Errors have occurred while reading this scene that may result in data loss. //");
        }
        for (Dependency dependency : nodeFiles) {
            reader.readNodeFile(dependency);
        }
        return reader;
    }

    /** Files that nodes name and that were not found, in the order the scene names them. */
    List<Missing> missing() {
        return List.copyOf(missing);
    }

    /** The digest of everything read ({@link ProjectFiles#digestOf}); null when the scene names no file that was found. */
    byte[] digest() {
        return digests.isEmpty() ? null : ProjectFiles.digestOf(digests);
    }

    /**
     * Follows the references of a Maya ASCII file (a binary one's are not read), collecting the files
     * its nodes name. Returns whether a referenced file was missing.
     */
    private boolean loadScene(Path file, String namespace, List<Dependency> nodeFiles) throws IOException {
        visited.add(file.toAbsolutePath().normalize());
        if (!SceneFile.isMayaAscii(file)) {
            return false;
        }
        return load(file, SceneFile.read(file).dependencies(), namespace, nodeFiles);
    }

    /** {@link #loadScene} of a file already read: {@code named} is what it names. */
    private boolean load(Path file, List<Dependency> named, String namespace, List<Dependency> nodeFiles)
            throws IOException {
        boolean referencesMissing = false;
        for (Dependency found : named) {
            Dependency dependency = found.inNamespace(namespace);
            if (dependency.kind() != DependencyKind.REFERENCE) {
                nodeFiles.add(dependency);
                continue;
            }
            Optional<Path> resolved = ProjectFiles.resolve(project, dependency.path());
            if (resolved.isEmpty() || !Files.isRegularFile(resolved.get())) {
                log.line("// Warning: file: " + log.safe(file) + " line " + dependency.line()
                        + ": Reference file not found: " + log.safe(dependency.path()) + " //");
                referencesMissing = true;
                continue;
            }
            readFile(dependency, resolved.get());
            if (visited.add(resolved.get())) {
                String nested = dependency.namespace() == null ? namespace
                        : namespace == null ? dependency.namespace() : namespace + ":" + dependency.namespace();
                referencesMissing |= loadScene(resolved.get(), nested, nodeFiles);
            }
        }
        return referencesMissing;
    }

    private void readNodeFile(Dependency dependency) throws IOException {
        Optional<Path> resolved = ProjectFiles.resolve(project, dependency.path());
        List<Path> files = resolved.isEmpty() ? List.of() : ProjectFiles.existing(resolved.get());
        if (files.isEmpty()) {
            missing.add(new Missing(dependency, resolved.map(Path::toString).orElse(dependency.path())));
            return;
        }
        for (Path file : files) {
            readFile(dependency, file);
        }
    }

    private void readFile(Dependency dependency, Path file) throws IOException {
        byte[] sha256 = ProjectFiles.sha256(file);
        digests.add(sha256);
        style.dependency(log, "read " + dependency.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " "
                + log.safe(dependency.node()) + "." + dependency.attribute() + " \"" + log.safe(file) + "\": "
                + Files.size(file) + " bytes, sha256 " + ProjectFiles.hex(sha256));
    }
}
