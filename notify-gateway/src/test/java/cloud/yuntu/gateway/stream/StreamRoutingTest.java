package cloud.yuntu.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StreamRoutingTest {

    private static final Set<String> EXISTING = Set.of("user:bob", "user:alice", "agent:node-1");

    @Test
    void aUsersEventGoesToTheirStreamAndTheFarms() {
        Push progress = new Push(UUID.randomUUID(), "task:progress", "{}", UUID.randomUUID(), "alice", false);
        assertThat(StreamRouting.streamsOf(progress, EXISTING)).containsExactly("farm", "user:alice");
    }

    @Test
    void anEventOfNobodyGoesToTheFarmsOnly() {
        Push ownerless = new Push(UUID.randomUUID(), "task:status", "{}", UUID.randomUUID(), null, false);
        assertThat(StreamRouting.streamsOf(ownerless, EXISTING)).containsExactly("farm");
    }

    @Test
    void aBroadcastGoesToEveryStream() {
        Push everyone = new Push(UUID.randomUUID(), "notification", "{}", null, null, true);
        assertThat(StreamRouting.streamsOf(everyone, EXISTING))
                .containsExactly("farm", "agent:node-1", "user:alice", "user:bob");
    }
}
