package cloud.yuntu.gateway.push;

import java.util.HashMap;
import java.util.Map;

/**
 * Which streams' heads a connection must have reached by now, for the tail check: the heads read at
 * the previous check. A record numbered since then may still be on its way through
 * {@code farm.user-streams}; one numbered a whole interval ago that has not arrived never will (it
 * was published while this replica had no partitions), and only then is the database read. Holding
 * connections to the newest head instead sent nearly every connection of a busy farm to the database
 * at each check, for records that were about to arrive anyway: at 10,000 connections and 2,000 events
 * a second, bursts of thousands of reads that queued the numbering behind them for seconds.
 * A pure rule; the caller serialises the checks.
 */
final class OverdueHeads {

    private Map<String, Long> previous = Map.of();

    /**
     * @param heads the streams' heads just read
     * @return for each stream also read at the previous check, the head read then: a connection
     *         before it is behind; streams seen for the first time are held to their head next time
     */
    Map<String, Long> next(Map<String, Long> heads) {
        Map<String, Long> overdue = new HashMap<>();
        previous.forEach((stream, head) -> {
            if (heads.containsKey(stream)) {
                overdue.put(stream, head);
            }
        });
        previous = Map.copyOf(heads);
        return overdue;
    }
}
