package cloud.yuntu.deploy.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Every secret of a local farm, made at its first start in one owner-only directory and kept, so a
 * restarted farm still accepts the tokens, grants and presigned URLs it handed out before. Values
 * reach the services only as environment variables, key pairs only as file locations.
 *
 * @param directory where they are kept ({@code <data-dir>/secrets})
 * @param tokenKeys the pair task-service signs tokens with and every service verifies them with
 * @param urlSigningKey file-service's key for presigned URLs
 * @param agentSecret the client secret render agents present at the token endpoint
 * @param serviceSecret the client secret services present when acting on their own behalf
 * @param jobGrantSecret the HMAC key task-service signs job grants with and file-service checks them with
 * @param adminPassword the password of the bootstrap admin account ({@code admin})
 */
public record FarmSecrets(Path directory, TokenKeys tokenKeys, String urlSigningKey, String agentSecret,
        String serviceSecret, String jobGrantSecret, String adminPassword) {

    /** The bootstrap admin's account name, task-service's default. */
    public static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD_FILE = "admin-password";

    /** The secrets in {@code directory}, each one made there first if it is missing. */
    public static FarmSecrets in(Path directory) {
        createPrivateDirectory(directory);
        return new FarmSecrets(directory, TokenKeys.in(directory),
                SecretFiles.randomIn(directory.resolve("url-signing-key")),
                SecretFiles.randomIn(directory.resolve("agent-secret")),
                SecretFiles.randomIn(directory.resolve("service-secret")),
                SecretFiles.randomIn(directory.resolve("job-grant-secret")),
                SecretFiles.randomIn(directory.resolve(ADMIN_PASSWORD_FILE)));
    }

    /** The bootstrap admin's password of an existing farm, without creating anything. */
    public static String adminPasswordIn(Path directory) {
        Path file = directory.resolve(ADMIN_PASSWORD_FILE);
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("No admin password at " + file + ": has this farm been started once?", e);
        }
    }

    private static void createPrivateDirectory(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory.getParent());
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + directory, e);
        }
    }

    /** Never print the values, whatever logs a record by accident. */
    @Override
    public String toString() {
        return "FarmSecrets[" + directory + "]";
    }
}
