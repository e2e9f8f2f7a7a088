package cloud.yuntu.contracts.notification;

import cloud.yuntu.contracts.FarmEvent;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.UUID;

/** A message for one user, or for everyone when {@code userId} is null; key userId. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonTypeName(Notification.TYPE)
public record Notification(UUID id, Instant time, String userId, Level level, String title, String message)
        implements FarmEvent {

    public static final String TYPE = "notification.v1";

    public enum Level {
        INFO, WARNING, ERROR
    }
}
