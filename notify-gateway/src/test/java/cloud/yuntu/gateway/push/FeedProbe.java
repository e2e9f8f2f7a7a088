package cloud.yuntu.gateway.push;

import static cloud.yuntu.gateway.push.TaskEvents.notification;
import static cloud.yuntu.gateway.push.TaskEvents.status;
import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.FarmEvent;
import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Waits until a freshly started gateway pushes events: its consumers read from the end of their
 * topics, so events published before they got their partitions would never arrive live. Publishes
 * probes until one comes through on each topic, then a last one: once that arrived, every earlier
 * probe has been pushed too.
 */
final class FeedProbe {

    private FeedProbe() {
    }

    static void awaitConsumersAtTheEnd(URI server, String adminToken, TaskEvents events) throws Exception {
        UUID probeTask = UUID.randomUUID();
        // An admin's connection: it follows the farm's stream, with every task event and notification.
        try (PushClient probe = PushClient.connect(server, adminToken, "")) {
            awaitArrival(probe, events, () -> status(probeTask, TaskStatus.SUBMITTED, TaskStatus.QUEUED));
            awaitArrival(probe, events, () -> notification("probe", "probe"));
        }
    }

    /**
     * Waits until the gateway's log consumer reads {@code farm.frame-logs} from where it stands: an
     * admin follows a probe task and is sent its log batches until one arrives, then a last one.
     */
    static void awaitLogsAtTheEnd(URI server, String adminToken, TaskEvents events) throws Exception {
        UUID probeTask = UUID.randomUUID();
        // One frame: its batches share a partition, so the last one arrives after every earlier one.
        UUID frame = UUID.randomUUID();
        try (PushClient probe = PushClient.connect(server, adminToken, "taskId=" + probeTask)) {
            Instant deadline = Instant.now().plusSeconds(90);
            long line = 0;
            boolean arrived = false;
            while (!arrived) {
                assertThat(Instant.now()).as("the gateway's log consumer got its partitions").isBefore(deadline);
                events.publish(TaskEvents.logs(probeTask, frame, line++, "probe"));
                arrived = probe.poll(Duration.ofSeconds(2)) != null;
            }
            long last = line;
            events.publish(TaskEvents.logs(probeTask, frame, last, "last probe"));
            JsonNode envelope;
            do {
                envelope = probe.next();
            } while (envelope.get("data").get("firstLine").asLong() != last);
        }
    }

    private static void awaitArrival(PushClient probe, TaskEvents events, Supplier<FarmEvent> probes) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        boolean arrived = false;
        while (!arrived) {
            assertThat(Instant.now()).as("the gateway's consumers got their partitions").isBefore(deadline);
            publish(events, probes.get());
            arrived = probe.poll(Duration.ofSeconds(2)) != null;
        }
        FarmEvent last = probes.get();
        publish(events, last);
        JsonNode envelope;
        do {
            envelope = probe.next();
        } while (!envelope.get("data").get("id").asText().equals(last.id().toString()));
    }

    static void publish(TaskEvents events, FarmEvent event) throws Exception {
        if (event instanceof Notification notification) {
            events.publish(notification);
        } else {
            events.publish((TaskEvent) event);
        }
    }
}
