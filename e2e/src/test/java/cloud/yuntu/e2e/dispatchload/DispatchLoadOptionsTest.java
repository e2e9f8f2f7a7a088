package cloud.yuntu.e2e.dispatchload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DispatchLoadOptionsTest {

    @Test
    void defaultsAreAThousandAgentsOfOneSlotAndAHundredThousandFrames() {
        assertThat(DispatchLoadOptions.parse()).isEqualTo(new DispatchLoadOptions(1_000, 100_000, 1, 0, 5_000));
    }

    @Test
    void eachOptionIsTaken() {
        assertThat(DispatchLoadOptions.parse("--frames", "500", "--agents", "20", "--slots", "4", "--ahead", "1",
                "--warmup", "0")).isEqualTo(new DispatchLoadOptions(20, 500, 4, 1, 0));
    }

    @Test
    void moreAgentsThanOneShareGroupMayHaveAreRefused() {
        assertThatThrownBy(() -> DispatchLoadOptions.parse("--agents", "1001"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 1000");
    }

    @Test
    void framesBeyondTaskServicesLimitAndSlotsBeyondTheLaunchersAreRefused() {
        assertThatThrownBy(() -> DispatchLoadOptions.parse("--frames", "1000001")).hasMessageContaining("--frames");
        assertThatThrownBy(() -> DispatchLoadOptions.parse("--frames", "0")).hasMessageContaining("--frames");
        assertThatThrownBy(() -> DispatchLoadOptions.parse("--slots", "65")).hasMessageContaining("--slots");
        assertThatThrownBy(() -> DispatchLoadOptions.parse("--warmup", "-1")).hasMessageContaining("--warmup");
        assertThatThrownBy(() -> DispatchLoadOptions.parse("--ahead", "-1")).hasMessageContaining("--ahead");
    }

    @Test
    void unknownOptionsMissingValuesAndNonNumbersAreRefusedWithTheUsage() {
        assertThatThrownBy(() -> DispatchLoadOptions.parse("--users", "3")).hasMessage(DispatchLoadOptions.USAGE);
        assertThatThrownBy(() -> DispatchLoadOptions.parse("--agents")).hasMessage(DispatchLoadOptions.USAGE);
        assertThatThrownBy(() -> DispatchLoadOptions.parse("--agents", "many")).hasMessageContaining("whole number");
    }
}
