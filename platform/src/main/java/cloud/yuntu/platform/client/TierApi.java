package cloud.yuntu.platform.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * task-service's hardware tiers as other machines read them. Configured by
 * {@code quarkus.rest-client.task-service.url}; every call carries the caller's token or this machine's
 * own ({@link BearerHeaders}): any authenticated caller may read the tiers, a call without a token
 * answers 401.
 */
@Path("/api/tiers")
@RegisterRestClient(configKey = "task-service")
@RegisterClientHeaders(BearerHeaders.class)
public interface TierApi {

    /** Every tier, cheapest first. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<List<HardwareTier>> list();
}
