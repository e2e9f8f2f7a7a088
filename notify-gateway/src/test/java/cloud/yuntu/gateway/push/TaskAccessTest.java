package cloud.yuntu.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.gateway.push.TaskAccess.Verdict;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.Roles;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskAccessTest {

    private static final Duration RECHECK = Duration.ofSeconds(3);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void adminsAndServicesSeeEveryTaskWithoutAsking() {
        for (Caller caller : Set.of(new Caller("root", Set.of(Roles.ADMIN)), new Caller("task-service", Set.of(Roles.SERVICE)))) {
            TaskAccess access = new TaskAccess(caller, RECHECK);
            assertThat(access.asks(T0)).isFalse();
            assertThat(access.verdict()).isEqualTo(Verdict.SHOWN);
            access.eventInCallersStream();
            access.answered("alice");
            assertThat(access.verdict()).isEqualTo(Verdict.SHOWN);
        }
    }

    @Test
    void aUserSeesTheirOwnTaskOnlyAndAnotherUsersNever() {
        TaskAccess own = new TaskAccess(Caller.user("alice"), RECHECK);
        assertThat(own.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(own.asks(T0)).isTrue();
        own.answered("alice");
        assertThat(own.verdict()).isEqualTo(Verdict.SHOWN);

        TaskAccess others = new TaskAccess(Caller.user("alice"), RECHECK);
        assertThat(others.asks(T0)).isTrue();
        others.answered("bob");
        assertThat(others.verdict()).isEqualTo(Verdict.HIDDEN);
        assertThat(others.asks(T0.plusSeconds(3600))).as("a task never changes hands").isFalse();
    }

    @Test
    void anAgentSeesNoTasksLogEvenOneNamingItsId() {
        TaskAccess agent = new TaskAccess(new Caller("node-7", Set.of(Roles.AGENT)), RECHECK);
        assertThat(agent.asks(T0)).isTrue();
        agent.answered("node-7");
        assertThat(agent.verdict()).isEqualTo(Verdict.HIDDEN);
    }

    @Test
    void anUnknownOwnerIsAskedOnceAtATimeAndAgainOnlyAfterTheRecheck() {
        TaskAccess access = new TaskAccess(Caller.user("alice"), RECHECK);
        assertThat(access.asks(T0)).isTrue();
        assertThat(access.asks(T0.plusSeconds(10))).as("a lookup under way").isFalse();
        access.answered(null);
        assertThat(access.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(access.asks(T0.plusSeconds(2))).isFalse();
        assertThat(access.asks(T0.plusSeconds(3))).isTrue();
        access.answered(null);
        access.eventInCallersStream();
        assertThat(access.verdict()).isEqualTo(Verdict.SHOWN);
        assertThat(access.asks(T0.plusSeconds(60))).isFalse();
    }
}
