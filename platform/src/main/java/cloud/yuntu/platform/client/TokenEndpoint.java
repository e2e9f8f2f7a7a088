package cloud.yuntu.platform.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The OAuth 2.0 client-credentials grant (RFC 6749 section 4.4) of a token endpoint: the farm's own
 * {@code POST /api/auth/token} or an OpenID Connect provider's. Built with the endpoint's full URL
 * as base, so the interface itself names no path.
 */
public interface TokenEndpoint {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<TokenResponse> clientCredentials(@FormParam("grant_type") String grantType,
            @FormParam("client_id") String clientId, @FormParam("client_secret") String clientSecret);
}
