package cloud.yuntu.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code ./yuntu run} and {@code ./yuntu agent} accept on their command lines, and what they refuse. */
class FarmOptionsTest {

    private static final Path REPO = Path.of("/repo");

    @Test
    void runWithoutOptionsIsOneAgentOfTwoSlots() {
        FarmOptions options = FarmOptions.local(REPO, List.of());
        assertThat(options.agents()).isEqualTo(1);
        assertThat(options.agentSlots()).isEqualTo(2);
        assertThat(options.dataDir()).isEqualTo(REPO.resolve(".local-farm"));
        assertThat(options.fixedPorts()).isTrue();
    }

    @Test
    void runTakesAgentsAndSlotsInAnyOrder() {
        FarmOptions options = FarmOptions.local(REPO, List.of("--slots", "4", "--agents", "3"));
        assertThat(options.agents()).isEqualTo(3);
        assertThat(options.agentSlots()).isEqualTo(4);
        assertThat(FarmOptions.local(REPO, List.of("--agents", "0")).agents()).isZero();
    }

    @Test
    void runRefusesWhatItCannotDoNamingTheOption() {
        assertThatThrownBy(() -> FarmOptions.local(REPO, List.of("--agents")))
                .hasMessage("--agents needs a number");
        assertThatThrownBy(() -> FarmOptions.local(REPO, List.of("--slots", "two")))
                .hasMessage("--slots needs a number, was 'two'");
        assertThatThrownBy(() -> FarmOptions.local(REPO, List.of("--slots", "0")))
                .hasMessage("--slots must be between 1 and 64, was 0");
        assertThatThrownBy(() -> FarmOptions.local(REPO, List.of("--agents", "65")))
                .hasMessage("--agents must be between 0 and 64, was 65");
        assertThatThrownBy(() -> FarmOptions.local(REPO, List.of("--gpus", "2")))
                .hasMessageStartingWith("unknown option --gpus");
    }

    @Test
    void aJoiningAgentTakesItsNameAndSlots() {
        assertThat(JoinAgent.Request.parse(List.of())).isEqualTo(new JoinAgent.Request(Optional.empty(), 2));
        assertThat(JoinAgent.Request.parse(List.of("--id", "studio-ws-07", "--slots", "1")))
                .isEqualTo(new JoinAgent.Request(Optional.of("studio-ws-07"), 1));
        assertThatThrownBy(() -> JoinAgent.Request.parse(List.of("--id", "../etc")))
                .hasMessageStartingWith("--id '../etc' must be 1 to 63 letters");
        assertThatThrownBy(() -> JoinAgent.Request.parse(List.of("--id")))
                .hasMessage("--id needs a name");
        assertThatThrownBy(() -> JoinAgent.Request.parse(List.of("--slots", "-1")))
                .hasMessage("--slots must be between 1 and 64, was -1");
    }

    @Test
    void aJoiningAgentTakesTheFirstNameNoRunningAgentHas(@TempDir Path dataDir) throws Exception {
        FarmOptions options = new FarmOptions(dataDir, dataDir, "yuntu", true, 1, 1);
        assertThat(JoinAgent.firstFreeName(options)).isEqualTo("workstation-1");
        // A pid file of a process that is not that agent (this JVM) does not make the name taken.
        Files.createDirectories(dataDir.resolve("logs"));
        Files.writeString(dataDir.resolve("logs/workstation-1.log.pid"), Long.toString(ProcessHandle.current().pid()));
        assertThat(JoinAgent.running(options, "workstation-1")).isFalse();
        assertThat(JoinAgent.firstFreeName(options)).isEqualTo("workstation-1");
    }
}
