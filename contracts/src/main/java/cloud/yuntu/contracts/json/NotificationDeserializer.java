package cloud.yuntu.contracts.json;

import cloud.yuntu.contracts.notification.Notification;

public class NotificationDeserializer extends EventDeserializer<Notification> {

    public NotificationDeserializer() {
        super(Notification.class);
    }
}
