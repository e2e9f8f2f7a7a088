package cloud.yuntu.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.gateway.stream.StreamRecord;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.Roles;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which stream a connection follows (the ownership rule of the live feed), and what it asks of it. */
class SubscriptionTest {

    private static final UUID ALICES_TASK = UUID.randomUUID();
    private static final Caller ALICE = Caller.user("alice");
    private static final Caller ADMIN = new Caller("root", Set.of(Roles.ADMIN));
    private static final Caller SERVICE = new Caller("task-service", Set.of(Roles.SERVICE));
    private static final Caller AGENT = new Caller("alice", Set.of(Roles.AGENT));

    @Test
    void aUserFollowsTheirOwnStreamAndAdminsAndServicesTheFarms() {
        assertThat(new Subscription(ALICE, null).stream()).isEqualTo("user:alice");
        assertThat(new Subscription(ADMIN, null).stream()).isEqualTo("farm");
        assertThat(new Subscription(SERVICE, null).stream()).isEqualTo("farm");
    }

    @Test
    void anAgentNamedLikeAUserIsNotThatUser() {
        assertThat(new Subscription(AGENT, null).stream()).isEqualTo("agent:alice");
    }

    @Test
    void oneTasksConnectionWantsThatTasksRecordsOnly() {
        Subscription watching = new Subscription(ALICE, ALICES_TASK);
        assertThat(watching.wants(record(ALICES_TASK))).isTrue();
        assertThat(watching.wants(record(UUID.randomUUID()))).isFalse();
        assertThat(watching.wants(record(null))).as("notifications").isFalse();
        assertThat(new Subscription(ALICE, null).wants(record(null))).isTrue();
    }

    @Test
    void theQueryNamesTheTaskAndCarriesTheToken() {
        assertThat(Subscription.parse(ALICE, "access_token=abc&taskId=" + ALICES_TASK).taskId()).isEqualTo(ALICES_TASK);
        assertThat(Subscription.parse(ALICE, null).taskId()).isNull();
        assertThat(Subscription.accessToken("taskId=x&access_token=a.b.c")).isEqualTo("a.b.c");
        assertThat(Subscription.accessToken("taskId=x")).isNull();
        assertThatThrownBy(() -> Subscription.parse(ALICE, "taskId=nope"))
                .isInstanceOf(Subscription.InvalidSubscription.class)
                .hasMessage("taskId is not a UUID: nope");
    }

    @Test
    void aClientResumesAfterALastSeqOfAnEpoch() {
        UUID epoch = UUID.randomUUID();
        assertThat(Subscription.parse(ALICE, "lastSeq=42&epoch=" + epoch).resume())
                .isEqualTo(new Subscription.Resume(epoch, 42));
        assertThat(Subscription.parse(ALICE, "lastSeq=0&epoch=" + epoch).resume().lastSeq()).isZero();
        assertThat(Subscription.parse(ALICE, "").resume()).isNull();
        assertThat(Subscription.parse(ALICE, "epoch=" + epoch).resume()).as("an epoch alone resumes nothing").isNull();
    }

    @Test
    void aResumeThatCannotBeUnderstoodIsRefusedSayingWhy() {
        UUID epoch = UUID.randomUUID();
        assertRefused("lastSeq=-1&epoch=" + epoch, "lastSeq is not a whole number of 0 or more: -1");
        assertRefused("lastSeq=ten&epoch=" + epoch, "lastSeq is not a whole number of 0 or more: ten");
        assertRefused("lastSeq=99999999999999999999&epoch=" + epoch,
                "lastSeq is not a whole number of 0 or more: 99999999999999999999");
        assertRefused("lastSeq=3", "lastSeq needs the epoch it counts in (from connection:established)");
        assertRefused("lastSeq=3&epoch=yesterday", "epoch is not a UUID: yesterday");
    }

    private static void assertRefused(String query, String message) {
        assertThatThrownBy(() -> Subscription.parse(ALICE, query))
                .isInstanceOf(Subscription.InvalidSubscription.class)
                .hasMessage(message);
    }

    private static StreamRecord record(UUID taskId) {
        return new StreamRecord("user:alice", UUID.randomUUID(), 1, UUID.randomUUID(), "task:progress", taskId, "{}",
                Instant.EPOCH);
    }
}
