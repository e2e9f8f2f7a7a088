package cloud.yuntu.platform.client;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This machine's bearer token from the client-credentials grant, fetched when first needed and
 * replaced shortly before it expires. Concurrent callers during a refresh share one request.
 */
@ApplicationScoped
public class ServiceCredentials {

    private final CredentialsConfig config;
    private final Clock clock;
    private final AtomicReference<Current> current = new AtomicReference<>();
    private volatile TokenEndpoint endpoint;

    @Inject
    ServiceCredentials(CredentialsConfig config) {
        this(config, Clock.systemUTC());
    }

    /** For tests that move time. */
    ServiceCredentials(CredentialsConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Whether this machine has a credential configured at all. */
    public boolean configured() {
        return config.tokenUrl().isPresent() && config.clientId().isPresent() && config.clientSecret().isPresent();
    }

    /** The current token, empty when none is configured; fails when the token endpoint refuses or is down. */
    public Uni<Optional<String>> bearer() {
        if (!configured()) {
            return Uni.createFrom().item(Optional.empty());
        }
        Current held = current.get();
        if (held != null && held.freshAt(clock.instant())) {
            return held.token.map(Optional::of);
        }
        Current next = startFetch();
        if (!current.compareAndSet(held, next)) {
            next = current.get();
        }
        Current used = next;
        // A failed fetch must not be remembered: the next caller tries again.
        return used.token.map(Optional::of).onFailure().invoke(() -> current.compareAndSet(used, null));
    }

    /** Forgets the token, e.g. after a 401 that says it was revoked. */
    public void invalidate() {
        current.set(null);
    }

    private Current startFetch() {
        Current fetching = new Current();
        fetching.token = endpoint().clientCredentials("client_credentials", config.clientId().orElseThrow(),
                        config.clientSecret().orElseThrow())
                .invoke(answer -> {
                    Duration lifetime = Duration.ofSeconds(Math.max(1, answer.expiresIn()));
                    Duration early = config.refreshBefore().compareTo(lifetime.dividedBy(2)) < 0
                            ? config.refreshBefore() : lifetime.dividedBy(2);
                    fetching.expiresAt = clock.instant().plus(lifetime).minus(early);
                })
                .map(TokenResponse::accessToken)
                .memoize().indefinitely();
        return fetching;
    }

    private TokenEndpoint endpoint() {
        if (endpoint == null) {
            endpoint = QuarkusRestClientBuilder.newBuilder()
                    .baseUri(config.tokenUrl().orElseThrow())
                    .connectTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .readTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .build(TokenEndpoint.class);
        }
        return endpoint;
    }

    /** One fetched (or being fetched) token; its expiry is known once the answer arrived. */
    private static final class Current {
        volatile Uni<String> token;
        volatile Instant expiresAt;

        boolean freshAt(Instant now) {
            // While the answer is outstanding, expiresAt is null and the pending fetch is shared.
            return expiresAt == null || now.isBefore(expiresAt);
        }
    }
}
