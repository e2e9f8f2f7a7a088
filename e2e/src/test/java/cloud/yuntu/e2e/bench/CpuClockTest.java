package cloud.yuntu.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuClockTest {

    @Test
    void aProcessesTimeIsItsUserAndSystemTicksWhateverItsNameHolds() {
        // utime 250 and stime 150 ticks are fields 14 and 15; the name holds a space and a parenthesis.
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 60 0 1000 0 0";

        assertThat(CpuClock.processSeconds(stat)).isEqualTo(CpuClock.processSeconds(
                "1 (other) S 1 1 1 0 -1 0 0 0 0 0 250 150 0 0 20 0 1 0 1 0 0"));
        assertThat(CpuClock.processSeconds(stat)).isGreaterThan(CpuClock.processSeconds(
                "1 (other) S 1 1 1 0 -1 0 0 0 0 0 250 149 0 0 20 0 1 0 1 0 0"));
    }

    @Test
    void theMachineIsBusyWhenItIsNeitherIdleNorWaitingForDisks() {
        double busy = CpuClock.machineBusySeconds("cpu  100 10 50 1000 300 5 5 30 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n");
        double idleMore = CpuClock.machineBusySeconds("cpu  100 10 50 9000 900 5 5 30 0 0\n");

        assertThat(busy).isEqualTo(idleMore).isPositive();
        assertThat(CpuClock.machineBusySeconds("cpu  101 10 50 1000 300 5 5 30 0 0\n")).isGreaterThan(busy);
    }
}
