package cloud.yuntu.e2e.dispatchload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SteadyWindowTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aSlowStartAndASlowEndAreLeftOutOfTheRate() {
        List<Long> times = new ArrayList<>();
        // 100 bookings over the first 10 s, 801 at 1,000/s, the last 100 over 20 s.
        for (int i = 0; i < 100; i++) {
            times.add(i * SECOND / 10);
        }
        for (int i = 0; i < 801; i++) {
            times.add(10 * SECOND + i * SECOND / 1000);
        }
        for (int i = 0; i < 100; i++) {
            times.add(11 * SECOND + i * SECOND / 5);
        }

        SteadyWindow window = SteadyWindow.of(times);

        assertThat(window.perSecond()).isCloseTo(1000, within(5.0));
        assertThat(window.frames()).isEqualTo(801);
        assertThat(window.seconds()).isCloseTo(0.8, within(0.001));
        assertThat(window.contains(5 * SECOND)).isFalse();
        assertThat(window.contains(10 * SECOND + SECOND / 2)).isTrue();
    }

    @Test
    void anEvenRunIsItsOwnRate() {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i <= 1000; i++) {
            times.add(i * SECOND / 250);
        }

        assertThat(SteadyWindow.of(times).perSecond()).isCloseTo(250, within(0.01));
        assertThat(SteadyWindow.of(times).seconds()).isCloseTo(3.2, within(0.01));
    }

    @Test
    void oneBookingIsNoWindow() {
        assertThatThrownBy(() -> SteadyWindow.of(List.of(1L))).isInstanceOf(IllegalArgumentException.class);
    }
}
