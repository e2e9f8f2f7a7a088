package cloud.yuntu.task.agent;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.agent.AgentCommand.Command;
import cloud.yuntu.contracts.agent.AgentHeartbeat.AgentState;
import org.junit.jupiter.api.Test;

/** The state operators see, and the command sent again when a heartbeat disagrees with the desired state. */
class AgentStatusTest {

    @Test
    void anAgentNobodyDrainsIsActive() {
        assertThat(AgentStatus.of(DesiredState.ACTIVE, AgentState.ACTIVE, 3)).isEqualTo(AgentStatus.ACTIVE);
        assertThat(AgentStatus.of(DesiredState.ACTIVE, AgentState.ACTIVE, 0)).isEqualTo(AgentStatus.ACTIVE);
    }

    @Test
    void aDrainedAgentIsDrainingWhileItRendersAndDrainedOnceItRendersNothing() {
        assertThat(AgentStatus.of(DesiredState.DRAINING, AgentState.DRAINING, 2)).isEqualTo(AgentStatus.DRAINING);
        assertThat(AgentStatus.of(DesiredState.DRAINING, AgentState.DRAINING, 0)).isEqualTo(AgentStatus.DRAINED);
    }

    @Test
    void theOperatorsWishCountsBeforeTheAgentConfirmsIt() {
        assertThat(AgentStatus.of(DesiredState.DRAINING, AgentState.ACTIVE, 1)).isEqualTo(AgentStatus.DRAINING);
        assertThat(AgentStatus.of(DesiredState.DRAINING, AgentState.ACTIVE, 0)).isEqualTo(AgentStatus.DRAINED);
    }

    @Test
    void anAgentReportingDrainingDrainsEvenIfNobodyAskedHere() {
        assertThat(AgentStatus.of(DesiredState.ACTIVE, AgentState.DRAINING, 1)).isEqualTo(AgentStatus.DRAINING);
    }

    @Test
    void aStoppedAgentIsStoppedWhateverIsDesired() {
        assertThat(AgentStatus.of(DesiredState.DRAINING, AgentState.STOPPED, 0)).isEqualTo(AgentStatus.STOPPED);
        assertThat(AgentStatus.of(DesiredState.ACTIVE, AgentState.STOPPED, 2)).isEqualTo(AgentStatus.STOPPED);
    }

    @Test
    void eachDesiredStateHasItsCommand() {
        assertThat(DesiredState.DRAINING.command()).isEqualTo(Command.DRAIN);
        assertThat(DesiredState.ACTIVE.command()).isEqualTo(Command.RESUME);
    }

    @Test
    void aHeartbeatThatDisagreesGetsTheCommandAgain() {
        assertThat(DesiredState.DRAINING.correction(AgentState.ACTIVE)).contains(Command.DRAIN);
        assertThat(DesiredState.ACTIVE.correction(AgentState.DRAINING)).contains(Command.RESUME);
    }

    @Test
    void aHeartbeatThatAgreesOrAStoppingAgentGetsNothing() {
        assertThat(DesiredState.DRAINING.correction(AgentState.DRAINING)).isEmpty();
        assertThat(DesiredState.ACTIVE.correction(AgentState.ACTIVE)).isEmpty();
        assertThat(DesiredState.DRAINING.correction(AgentState.STOPPED)).isEmpty();
        assertThat(DesiredState.ACTIVE.correction(AgentState.STOPPED)).isEmpty();
    }
}
