package cloud.yuntu.platform.client;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which token a call to another service carries. */
class BearerHeadersTest {

    /** A machine without a credential of its own: calls carry what they are given or forward. */
    private final BearerHeaders headers = new BearerHeaders(new ServiceCredentials(new CredentialsConfig() {
        @Override
        public Optional<URI> tokenUrl() {
            return Optional.empty();
        }

        @Override
        public Optional<String> clientId() {
            return Optional.empty();
        }

        @Override
        public Optional<String> clientSecret() {
            return Optional.empty();
        }

        @Override
        public Duration refreshBefore() {
            return Duration.ofMinutes(1);
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(10);
        }
    }));

    @Test
    void aCallServingAUserCarriesTheUsersToken() {
        assertThat(headers(authorization("Bearer user-token"), new MultivaluedHashMap<>()).getFirst(HttpHeaders.AUTHORIZATION))
                .isEqualTo("Bearer user-token");
    }

    @Test
    void aCallNamingItsOwnCredentialKeepsItInsteadOfTheUsersToken() {
        MultivaluedMap<String, String> added = headers(authorization("Bearer user-token"), authorization("Bearer service-token"));

        assertThat(added).doesNotContainKey(HttpHeaders.AUTHORIZATION);
    }

    @Test
    void withoutEitherAndWithoutACredentialNothingIsAdded() {
        assertThat(headers(new MultivaluedHashMap<>(), new MultivaluedHashMap<>())).isEmpty();
    }

    private MultivaluedMap<String, String> headers(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        return headers.getHeaders(incoming, outgoing).await().atMost(Duration.ofSeconds(5));
    }

    private static MultivaluedMap<String, String> authorization(String value) {
        MultivaluedMap<String, String> map = new MultivaluedHashMap<>();
        map.putSingle(HttpHeaders.AUTHORIZATION, value);
        return map;
    }
}
