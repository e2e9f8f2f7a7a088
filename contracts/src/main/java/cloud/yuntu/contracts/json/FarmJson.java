package cloud.yuntu.contracts.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON mapping of the wire format: ISO-8601 instants, unknown fields ignored so an
 * older reader accepts a newer event version's additions.
 */
public final class FarmJson {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private FarmJson() {
    }

    /** Applies the wire settings to a mapper someone else owns (Quarkus' CDI mapper, say). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
