package cloud.yuntu.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchArgumentsTest {

    private static final Set<String> NAMES = Set.of("--agents", "--frames");

    @Test
    void pairsOfKnownNamesAndWholeNumbersAreRead() {
        assertThat(BenchArguments.wholeNumbers("usage", NAMES, "--frames", "500", "--agents", "20"))
                .isEqualTo(Map.of("frames", 500, "agents", 20));
        assertThat(BenchArguments.wholeNumbers("usage", NAMES)).isEmpty();
    }

    @Test
    void anUnknownNameOrAMissingValueGivesTheUsage() {
        assertThatThrownBy(() -> BenchArguments.wholeNumbers("usage: bench", NAMES, "--slots", "2"))
                .hasMessage("usage: bench");
        assertThatThrownBy(() -> BenchArguments.wholeNumbers("usage: bench", NAMES, "--agents"))
                .hasMessage("usage: bench");
        assertThatThrownBy(() -> BenchArguments.wholeNumbers("usage: bench", NAMES, "agents", "2"))
                .hasMessage("usage: bench");
    }

    @Test
    void aValueThatIsNoWholeNumberIsNamed() {
        assertThatThrownBy(() -> BenchArguments.wholeNumbers("usage", NAMES, "--agents", "ten"))
                .hasMessage("--agents takes a whole number, not ten");
    }
}
