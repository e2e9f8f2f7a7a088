package cloud.yuntu.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.Roles;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who sees which push: the ownership rule on the live feed. */
class SubscriptionTest {

    private static final UUID ALICES_TASK = UUID.randomUUID();
    private static final Caller ALICE = Caller.user("alice");
    private static final Caller BOB = Caller.user("bob");
    private static final Caller ADMIN = new Caller("root", Set.of(Roles.ADMIN));
    private static final Caller AGENT = new Caller("alice", Set.of(Roles.AGENT));

    private final Push alicesProgress = new Push("task:progress", "{}", ALICES_TASK, "alice", false);
    private final Push forAlice = new Push("notification", "{}", null, "alice", false);
    private final Push forEveryone = new Push("notification", "{}", null, null, true);
    private final Push ownerless = new Push("task:status", "{}", UUID.randomUUID(), null, false);

    @Test
    void aUserSeesTheirOwnEventsAndBroadcastsOnly() {
        Subscription alice = new Subscription(ALICE, null);
        Subscription bob = new Subscription(BOB, null);

        assertThat(alice.wants(alicesProgress)).isTrue();
        assertThat(alice.wants(forAlice)).isTrue();
        assertThat(alice.wants(forEveryone)).isTrue();
        assertThat(alice.wants(ownerless)).isFalse();

        assertThat(bob.wants(alicesProgress)).isFalse();
        assertThat(bob.wants(forAlice)).isFalse();
        assertThat(bob.wants(forEveryone)).isTrue();
    }

    @Test
    void anAdminSeesEverything() {
        Subscription admin = new Subscription(ADMIN, null);
        assertThat(admin.wants(alicesProgress)).isTrue();
        assertThat(admin.wants(forAlice)).isTrue();
        assertThat(admin.wants(ownerless)).isTrue();
    }

    @Test
    void anAgentNamedLikeAUserIsNotThatUser() {
        assertThat(new Subscription(AGENT, null).wants(alicesProgress)).isFalse();
    }

    @Test
    void watchingAnotherUsersTaskYieldsNothing() {
        assertThat(new Subscription(BOB, ALICES_TASK).wants(alicesProgress)).isFalse();
        assertThat(new Subscription(ALICE, ALICES_TASK).wants(alicesProgress)).isTrue();
        assertThat(new Subscription(ALICE, ALICES_TASK).wants(forAlice)).isFalse();
        assertThat(new Subscription(ALICE, ALICES_TASK).wants(forEveryone)).isFalse();
        assertThat(new Subscription(ADMIN, ALICES_TASK).wants(alicesProgress)).isTrue();
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
}
