package cloud.yuntu.agent.heartbeat;

import cloud.yuntu.contracts.agent.AgentHeartbeat.RendererVersion;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Maya installations of this node and the renderers each offers, found by walking directories only (nothing is run):
 * the configured locations and Maya's usual install paths ({@code /usr/autodesk/maya<YEAR>}, {@code C:\Program
 * Files\Autodesk\Maya<YEAR>}), each an installation when it holds {@code bin/Render} (or {@code bin\Render.exe}). Its
 * version is the year of its directory name. Maya Software and Hardware 2.0 come with every Maya; the plug-in
 * renderers are found by their module files ({@code .mod}) in the installation's {@code modules} folder, Autodesk's
 * shared module folders (per version and common) and {@code MAYA_MODULE_PATH}, as Maya itself finds them.
 */
public final class MayaInstalls {

    private static final Logger LOG = Logger.getLogger(MayaInstalls.class);

    private static final Pattern VERSION = Pattern.compile("(?i)maya[ _-]?(\\d{4}(?:\\.\\d+)?)");
    /** A module file's condition ({@code MAYAVERSION:2025}, {@code PLATFORM:linux}, {@code LOCALE:en_US}). */
    private static final Pattern CONDITION = Pattern.compile("([A-Z]+):(\\S+)");
    /** Module names of the renderers' plug-ins, lower case, as their installers write them. */
    private static final Map<String, String> MODULES = Map.of(
            "mtoa", "arnold",
            "vrayformaya", "vray",
            "redshift4maya", "redshift",
            "renderman_for_maya", "renderman");
    /** Maya's own renderers, part of every installation. */
    static final List<String> BUILT_IN = List.of("mayaSoftware", "mayaHardware2");
    static final String UNKNOWN = "unknown";

    /**
     * @param home the installation's folder ({@code /usr/autodesk/maya2025})
     * @param render its batch renderer
     * @param renderers Maya's own with the Maya version, then the plug-ins' with their module's version
     */
    public record MayaInstall(Path home, String version, Path render, List<RendererVersion> renderers) {

        public MayaInstall {
            renderers = List.copyOf(renderers);
        }
    }

    /**
     * Where a node's Maya lives.
     *
     * @param installParents folders whose {@code maya<YEAR>} children are installations
     * @param moduleRoots Autodesk's shared module folders, each read as {@code <root>/<YEAR>} and {@code <root>}
     * @param platform the module files' PLATFORM of this node: {@code linux}, {@code win64} or {@code mac}
     */
    public record Layout(List<Path> installParents, List<Path> moduleRoots, List<Path> modulePath, String platform) {

        /** Maya's default paths on this operating system, and {@code MAYA_MODULE_PATH}. */
        public static Layout ofThisNode() {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            List<Path> modulePath = new ArrayList<>();
            String env = System.getenv("MAYA_MODULE_PATH");
            if (env != null) {
                for (String entry : env.split(File.pathSeparator)) {
                    if (!entry.isBlank()) {
                        modulePath.add(Path.of(entry.strip()));
                    }
                }
            }
            if (os.contains("win")) {
                return new Layout(List.of(Path.of("C:\\Program Files\\Autodesk")),
                        List.of(Path.of("C:\\Program Files\\Common Files\\Autodesk Shared\\Modules\\maya")), modulePath,
                        "win64");
            }
            if (os.contains("mac")) {
                return new Layout(List.of(Path.of("/Applications/Autodesk")),
                        List.of(Path.of("/Users/Shared/Autodesk/modules/maya")), modulePath, "mac");
            }
            return new Layout(List.of(Path.of("/usr/autodesk")), List.of(Path.of("/usr/autodesk/modules/maya")),
                    modulePath, "linux");
        }
    }

    private MayaInstalls() {
    }

    /**
     * Every installation of {@code locations} (each an installation folder, or its {@code Render} executable) and of
     * the layout's usual paths, newest version first; a folder found both ways counts once.
     */
    public static List<MayaInstall> discover(List<Path> locations, Layout layout) {
        Set<Path> homes = new LinkedHashSet<>();
        for (Path location : locations) {
            Path home = Files.isRegularFile(location) && location.getParent() != null
                    && location.getParent().getParent() != null ? location.getParent().getParent() : location;
            if (render(home).isPresent()) {
                homes.add(home.toAbsolutePath().normalize());
            } else {
                LOG.warnf("yuntu.agent.maya.locations: %s holds no bin/Render; not a Maya installation", location);
            }
        }
        for (Path parent : layout.installParents()) {
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (DirectoryStream<Path> children = Files.newDirectoryStream(parent)) {
                for (Path child : children) {
                    Matcher m = VERSION.matcher(child.getFileName().toString());
                    if (m.matches() && render(child).isPresent()) {
                        homes.add(child.toAbsolutePath().normalize());
                    }
                }
            } catch (IOException e) {
                LOG.warnf("Cannot list %s for Maya installations: %s", parent, e.getMessage());
            }
        }
        List<MayaInstall> installs = new ArrayList<>();
        for (Path home : homes) {
            String version = versionOf(home);
            installs.add(new MayaInstall(home, version, render(home).orElseThrow(), renderers(home, version, layout)));
        }
        installs.sort(Comparator.comparing(MayaInstall::version, MayaInstalls::compareVersions).reversed());
        return List.copyOf(installs);
    }

    /** The installation's {@code bin/Render} or {@code bin/Render.exe}. */
    static Optional<Path> render(Path home) {
        for (String name : List.of("Render", "Render.exe")) {
            Path render = home.resolve("bin").resolve(name);
            if (Files.isRegularFile(render)) {
                return Optional.of(render.toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }

    /** The year of {@code maya2025} / {@code Maya2025} ({@code 2025.3} kept whole); {@code unknown} otherwise. */
    static String versionOf(Path home) {
        Path name = home.getFileName();
        Matcher m = VERSION.matcher(name == null ? "" : name.toString());
        return m.find() ? m.group(1) : UNKNOWN;
    }

    private static List<RendererVersion> renderers(Path home, String version, Layout layout) {
        Map<String, String> found = new LinkedHashMap<>();
        BUILT_IN.forEach(r -> found.put(r, version));
        List<Path> dirs = new ArrayList<>();
        dirs.add(home.resolve("modules"));
        for (Path root : layout.moduleRoots()) {
            dirs.add(root.resolve(version));
            dirs.add(root);
        }
        dirs.addAll(layout.modulePath());
        for (Path dir : dirs) {
            for (Path mod : modFiles(dir)) {
                for (Module module : readModule(mod, version, layout.platform())) {
                    String renderer = MODULES.get(module.name().toLowerCase(Locale.ROOT));
                    // The first folder that names a renderer wins, as Maya loads the first module of a name.
                    if (renderer != null && !found.containsKey(renderer)) {
                        found.put(renderer, module.version());
                    }
                }
            }
        }
        return found.entrySet().stream().map(e -> new RendererVersion(e.getKey(), e.getValue())).toList();
    }

    private static List<Path> modFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mod"))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            LOG.warnf("Cannot list module folder %s: %s", dir, e.getMessage());
            return List.of();
        }
    }

    /** One module of a {@code .mod} file; version {@code unknown} for Redshift's {@code any}. */
    record Module(String name, String version) {
    }

    /**
     * The modules of a module file that apply to Maya {@code mayaVersion} on {@code platform}: its {@code + [KEY:value
     * ...] <name> <version> <path>} lines (or {@code -}), conditions MAYAVERSION and PLATFORM honoured; the variable
     * lines that follow each ({@code PATH +:= bin}) are not modules.
     */
    static List<Module> readModule(Path mod, String mayaVersion, String platform) {
        List<String> lines;
        try {
            lines = Files.readAllLines(mod, StandardCharsets.UTF_8);
        } catch (IOException e) {
            try {
                lines = Files.readAllLines(mod, StandardCharsets.ISO_8859_1);
            } catch (IOException unreadable) {
                LOG.warnf("Cannot read module file %s: %s", mod, unreadable.getMessage());
                return List.of();
            }
        }
        List<Module> modules = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (!(line.startsWith("+") || line.startsWith("-")) || line.startsWith("+:") || line.startsWith("-:")) {
                continue;
            }
            String[] tokens = line.substring(1).strip().split("\\s+");
            int i = 0;
            boolean applies = true;
            for (; i < tokens.length; i++) {
                Matcher condition = CONDITION.matcher(tokens[i]);
                if (!condition.matches()) {
                    break;
                }
                String value = condition.group(2);
                switch (condition.group(1)) {
                    case "MAYAVERSION" -> applies &= value.equals(mayaVersion)
                            || mayaVersion.startsWith(value + ".");
                    case "PLATFORM" -> applies &= value.equalsIgnoreCase(platform);
                    default -> {
                        // LOCALE and others do not decide whether a renderer is there.
                    }
                }
            }
            if (!applies || tokens.length - i < 2) {
                continue;
            }
            String version = tokens[i + 1];
            modules.add(new Module(tokens[i], version.equalsIgnoreCase("any") ? UNKNOWN : version));
        }
        return modules;
    }

    /** Numeric parts compared as numbers; {@code unknown} is older than any. */
    static int compareVersions(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        if (a.equals(UNKNOWN)) {
            return -1;
        }
        if (b.equals(UNKNOWN)) {
            return 1;
        }
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }
}
