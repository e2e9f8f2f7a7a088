package cloud.yuntu.platform.client;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * A machine's own credential, prefix {@code yuntu.credentials}: render agents use it for every
 * call, services for calls they make on their own behalf (not for a user, e.g. for a Kafka event).
 * Without a token URL the machine has no credential and calls go out with whatever token the
 * incoming request carried.
 */
@ConfigMapping(prefix = "yuntu.credentials")
public interface CredentialsConfig {

    /** The OAuth 2.0 token endpoint: the farm's {@code /api/auth/token} or an OIDC provider's. */
    Optional<URI> tokenUrl();

    /** The client id: an agent's id, or a service's name. */
    Optional<String> clientId();

    /** The client secret; give it by environment ({@code YUNTU_CREDENTIALS_CLIENT_SECRET}) or a secret file, never on a command line. */
    Optional<String> clientSecret();

    /** A token is replaced this long before it expires, so no call goes out with one about to lapse. */
    @WithDefault("PT60S")
    Duration refreshBefore();

    /** Connect and read timeout of the token endpoint. */
    @WithDefault("PT10S")
    Duration timeout();
}
