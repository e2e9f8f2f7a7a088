package cloud.yuntu.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void aUserSeesOnlyWhatTheyOwn() {
        Caller alice = Caller.user("alice");
        assertThat(alice.maySee("alice")).isTrue();
        assertThat(alice.maySee("bob")).isFalse();
        assertThat(alice.maySee(null)).isFalse();
        assertThat(alice.seesEverything()).isFalse();
    }

    @Test
    void adminsAndServicesSeeEverything() {
        assertThat(new Caller("ops", Set.of(Roles.ADMIN)).maySee("bob")).isTrue();
        assertThat(new Caller("scene-service", Set.of(Roles.SERVICE)).maySee("bob")).isTrue();
    }

    @Test
    void anAgentOwnsNothingEvenUnderAUsersName() {
        // An agent whose client id happens to equal a user id must not see that user's resources.
        Caller agent = new Caller("alice", Set.of(Roles.AGENT));
        assertThat(agent.maySee("alice")).isFalse();
        assertThat(agent.isAgent()).isTrue();
        assertThat(agent.seesEverything()).isFalse();
    }

    @Test
    void subjectsThatCannotBeStoredSafelyAreRefused() {
        assertThatThrownBy(() -> Caller.user(null)).isInstanceOf(Caller.InvalidCaller.class);
        assertThatThrownBy(() -> Caller.user(" ")).isInstanceOf(Caller.InvalidCaller.class);
        assertThatThrownBy(() -> Caller.user("eve\nINFO forged log line")).isInstanceOf(Caller.InvalidCaller.class);
        assertThatThrownBy(() -> Caller.user("nul\u0000")).isInstanceOf(Caller.InvalidCaller.class);
        assertThatThrownBy(() -> Caller.user("x".repeat(Caller.MAX_ID_LENGTH + 1))).isInstanceOf(Caller.InvalidCaller.class);
        assertThat(Caller.user("x".repeat(Caller.MAX_ID_LENGTH)).id()).hasSize(Caller.MAX_ID_LENGTH);
    }

    @Test
    void unknownGroupsGiveNoPowers() {
        Caller caller = new Caller("carol", Set.of("superuser", "Admin"));
        assertThat(caller.isAdmin()).isFalse();
        assertThat(caller.maySee("dave")).isFalse();
    }
}
