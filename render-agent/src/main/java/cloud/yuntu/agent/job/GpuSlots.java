package cloud.yuntu.agent.job;

import java.util.ArrayList;
import java.util.List;

/**
 * How a node's GPUs are cut into render slots: consecutive devices, {@code perSlot} to a slot, so N GPUs make
 * N / perSlot slots. GPUs left over (N not a multiple of perSlot) belong to no slot and stay idle: a slot with fewer
 * GPUs than the others would render the same jobs slower, or run out of memory, where task-service expects the same
 * node. A node with fewer GPUs than perSlot gets one slot with all of them: it still renders.
 */
public final class GpuSlots {

    private GpuSlots() {
    }

    /** The devices of each slot, in slot order; empty when there are no devices. */
    public static List<List<Integer>> assign(List<Integer> devices, int perSlot) {
        if (perSlot < 1) {
            throw new IllegalArgumentException("yuntu.agent.gpu.per-slot must be at least 1, is " + perSlot);
        }
        if (devices.isEmpty()) {
            return List.of();
        }
        if (devices.size() < perSlot) {
            return List.of(List.copyOf(devices));
        }
        List<List<Integer>> slots = new ArrayList<>();
        for (int from = 0; from + perSlot <= devices.size(); from += perSlot) {
            slots.add(List.copyOf(devices.subList(from, from + perSlot)));
        }
        return List.copyOf(slots);
    }

    /** The devices {@link #assign} leaves to no slot. */
    public static List<Integer> idle(List<Integer> devices, int perSlot) {
        List<Integer> idle = new ArrayList<>(devices);
        assign(devices, perSlot).forEach(idle::removeAll);
        return List.copyOf(idle);
    }
}
