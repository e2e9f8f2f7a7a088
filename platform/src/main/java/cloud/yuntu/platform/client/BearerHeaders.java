package cloud.yuntu.platform.client;

import io.quarkus.rest.client.reactive.ReactiveClientHeadersFactory;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * The {@code Authorization} of a call to another service of ours: the one the call names itself
 * when it does (a call only services may make, sent with the service's own credential while it
 * serves a user), else the caller's own token when the call serves a user's request (so the other
 * service applies that user's ownership rules), else this machine's own credential (a Kafka
 * consumer, a scheduled pass, a render agent).
 */
@ApplicationScoped
public class BearerHeaders extends ReactiveClientHeadersFactory {

    private final ServiceCredentials credentials;

    BearerHeaders(ServiceCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public Uni<MultivaluedMap<String, String>> getHeaders(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        if (outgoing != null && outgoing.getFirst(HttpHeaders.AUTHORIZATION) != null) {
            return Uni.createFrom().item(headers);
        }
        String forwarded = incoming == null ? null : incoming.getFirst(HttpHeaders.AUTHORIZATION);
        if (forwarded != null) {
            headers.putSingle(HttpHeaders.AUTHORIZATION, forwarded);
            return Uni.createFrom().item(headers);
        }
        return credentials.bearer().map(token -> {
            token.ifPresent(t -> headers.putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + t));
            return headers;
        });
    }
}
