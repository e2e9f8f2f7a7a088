package cloud.yuntu.testsupport;

import cloud.yuntu.deploy.secrets.TokenKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * The farm's token keys for a test JVM: a fresh RSA pair, the services configured to verify with
 * its public half (and task-service to sign with its private half), and {@link TestTokens} to
 * mint tokens of any kind, good or bad, injected with {@link InjectTokens}.
 */
public class TokenResource implements QuarkusTestResourceLifecycleManager {

    private static TestTokens tokens;

    public static synchronized TestTokens tokens() {
        if (tokens == null) {
            try {
                tokens = new TestTokens(TokenKeys.in(Files.createTempDirectory("yuntu-token-keys-")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tokens;
    }

    @Override
    public Map<String, String> start() {
        TestTokens t = tokens();
        return Map.of(
                "mp.jwt.verify.publickey.location", t.keys().publicKey().toString(),
                "mp.jwt.verify.issuer", TestTokens.ISSUER,
                "smallrye.jwt.sign.key.location", t.keys().privateKey().toString(),
                "smallrye.jwt.new-token.issuer", TestTokens.ISSUER);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(tokens(), new TestInjector.AnnotatedAndMatchesType(InjectTokens.class, TestTokens.class));
    }

    @Override
    public void stop() {
        // Shared by every application of this JVM.
    }
}
