package cloud.yuntu.deploy.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * The key pair a farm signs its own tokens with (RS256): made once, at the first start, and kept,
 * so tokens handed out before a restart stay valid. The private key is readable by its owner only
 * and reaches task-service as a file location, never as a value on a command line.
 *
 * @param privateKey PKCS#8 PEM, what {@code smallrye.jwt.sign.key.location} reads
 * @param publicKey X.509 PEM, what {@code mp.jwt.verify.publickey.location} reads
 */
public record TokenKeys(Path privateKey, Path publicKey) {

    static final String PRIVATE_FILE = "token-signing-key.pem";
    static final String PUBLIC_FILE = "token-verify-key.pem";

    /** The pair in {@code directory}, made there first if it is not there yet. */
    public static TokenKeys in(Path directory) {
        TokenKeys keys = new TokenKeys(directory.resolve(PRIVATE_FILE), directory.resolve(PUBLIC_FILE));
        if (Files.isRegularFile(keys.privateKey) && Files.isRegularFile(keys.publicKey)) {
            return keys;
        }
        try {
            Files.createDirectories(directory);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            SecretFiles.write(keys.privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(keys.publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.setPosixFilePermissions(keys.publicKey, PosixFilePermissions.fromString("rw-r--r--"));
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the token keys in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK cannot make RSA keys", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
