package cloud.yuntu.agent.simulate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where Maya finds the file a scene names, and what reading it yields. Maya resolves a relative path
 * against the workspace root, the project of {@code -proj}; an absolute path is taken as it is. A
 * path with a sequence token ({@code <UDIM>}, {@code <f>}, {@code ####}, ...) stands for every file
 * of its folder that matches it.
 */
final class ProjectFiles {

    private static final Pattern SEQUENCE_TOKEN = Pattern.compile(
            "(?i)<udim>|<uvtile>|<tile>|u<u>_v<v>|<f\\d*>|<frame>|\\$F\\d?|#+|%0?\\d*d");
    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:[/\\\\].*");

    private ProjectFiles() {
    }

    /**
     * The file {@code mayaPath} names with {@code project} as Maya's workspace root; empty when it
     * cannot name a file on this node (a Windows drive-letter path on a node that is not Windows).
     */
    static Optional<Path> resolve(Path project, String mayaPath) {
        String path = mayaPath.trim().replace('\\', '/');
        if (DRIVE_LETTER.matcher(mayaPath.trim()).matches()) {
            return isWindows() ? Optional.of(Path.of(path)) : Optional.empty();
        }
        if (path.startsWith("/")) {
            return Optional.of(Path.of(path).normalize());
        }
        return Optional.of(project.toAbsolutePath().resolve(path).normalize());
    }

    static boolean isSequence(String mayaPath) {
        return SEQUENCE_TOKEN.matcher(mayaPath).find();
    }

    /** The existing files a (resolved) path stands for: itself, or for a sequence every match in its folder, sorted. */
    static List<Path> existing(Path resolved) throws IOException {
        String name = resolved.getFileName() == null ? "" : resolved.getFileName().toString();
        if (!isSequence(name)) {
            return Files.isRegularFile(resolved) ? List.of(resolved) : List.of();
        }
        Path folder = resolved.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            return List.of();
        }
        StringBuilder regex = new StringBuilder();
        Matcher token = SEQUENCE_TOKEN.matcher(name);
        int last = 0;
        while (token.find()) {
            regex.append(Pattern.quote(name.substring(last, token.start()))).append("(?:[0-9]+|u[0-9]+_v[0-9]+)");
            last = token.end();
        }
        regex.append(Pattern.quote(name.substring(last)));
        Pattern matching = Pattern.compile(regex.toString());
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listed = Files.newDirectoryStream(folder)) {
            for (Path file : listed) {
                if (Files.isRegularFile(file) && matching.matcher(file.getFileName().toString()).matches()) {
                    files.add(file);
                }
            }
        }
        files.sort(null);
        return files;
    }

    /** SHA-256 of the file's bytes, read through once. */
    static byte[] sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    /**
     * What the image shows of the files read: SHA-256 over the SHA-256 of each file's bytes, in the
     * order they were read. The first three bytes are the colour of the image's bottom band.
     */
    static byte[] digestOf(List<byte[]> fileDigests) {
        MessageDigest digest = sha256();
        fileDigests.forEach(digest::update);
        return digest.digest();
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }
}
