package cloud.yuntu.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * What every event on the wire carries. {@code id} makes consumers idempotent: an event
 * whose id was already applied changes nothing. The JSON {@code type} field (for example
 * {@code frame.completed.v1}) names the record and its version.
 */
public interface FarmEvent {

    UUID id();

    Instant time();
}
