package cloud.yuntu.task.blocklist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When an agent stops getting a task's frames. */
class BlocklistRuleTest {

    @Test
    void onlyRetryableFailuresCountAgainstTheAgent() {
        assertThat(BlocklistRule.countsAgainstAgent(true)).isTrue();
        assertThat(BlocklistRule.countsAgainstAgent(false)).as("a scene error fails on every agent alike").isFalse();
    }

    @Test
    void anAgentIsBlocklistedOnceItsFailuresReachTheThreshold() {
        assertThat(BlocklistRule.blocklists(2, 3, 4)).isFalse();
        assertThat(BlocklistRule.blocklists(3, 3, 4)).isTrue();
        assertThat(BlocklistRule.blocklists(7, 3, 4)).as("beyond it too").isTrue();
        assertThat(BlocklistRule.blocklists(1, 1, 1)).isTrue();
        assertThat(BlocklistRule.blocklists(0, 1, 1)).isFalse();
    }

    @Test
    void theLastAgentNotBlocklistedForTheTaskIsNeverBlocklisted() {
        assertThat(BlocklistRule.blocklists(3, 3, 0)).isFalse();
        assertThat(BlocklistRule.blocklists(100, 3, 0)).isFalse();
        assertThat(BlocklistRule.blocklists(3, 3, 1)).as("one other agent can still render").isTrue();
    }
}
