package cloud.yuntu.file.audit;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What one audit pass saw, by area: entries listed, orphans found, orphans removed. */
public final class AuditSummary {

    private final Map<AuditArea, int[]> counts = new EnumMap<>(AuditArea.class);

    AuditSummary() {
        for (AuditArea area : AuditArea.values()) {
            counts.put(area, new int[3]);
        }
    }

    void add(AuditArea area, int listed, int found, int removed) {
        int[] count = counts.get(area);
        count[0] += listed;
        count[1] += found;
        count[2] += removed;
    }

    public int listed(AuditArea area) {
        return counts.get(area)[0];
    }

    public int found(AuditArea area) {
        return counts.get(area)[1];
    }

    public int removed(AuditArea area) {
        return counts.get(area)[2];
    }

    public int found() {
        return counts.values().stream().mapToInt(count -> count[1]).sum();
    }

    public int removed() {
        return counts.values().stream().mapToInt(count -> count[2]).sum();
    }

    /** {@code assets 120 listed, 1 orphaned, 1 removed; scenes ...}. */
    @Override
    public String toString() {
        return Stream.of(AuditArea.values())
                .map(area -> area.tag() + " " + listed(area) + " listed, " + found(area) + " orphaned, "
                        + removed(area) + " removed")
                .collect(Collectors.joining("; "));
    }
}
