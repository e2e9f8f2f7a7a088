package cloud.yuntu.agent.render;

import java.util.ArrayList;
import java.util.List;

/**
 * A renderer stand-in that takes memory: 8 MiB every 50 ms, every page written so it is resident, up to
 * {@code args[0]} MiB; then holds it 1.5 s and exits 0 when {@code args[1]} is {@code exit}, else holds it for a
 * minute. Bounded so a
 * failed kill cannot take the test machine's memory.
 */
public final class MemoryHog {

    public static void main(String[] args) throws InterruptedException {
        int target = Integer.parseInt(args[0]);
        List<byte[]> held = new ArrayList<>();
        for (int mib = 8; mib <= target; mib += 8) {
            byte[] chunk = new byte[8 << 20];
            for (int i = 0; i < chunk.length; i += 4096) {
                chunk[i] = 1;
            }
            held.add(chunk);
            System.out.println("holding " + mib + " MiB");
            Thread.sleep(50);
        }
        if (args.length > 1 && args[1].equals("exit")) {
            // Held for a few of the agent's 500 ms memory samples before exiting.
            Thread.sleep(1500);
            System.out.println("done with " + held.size() * 8 + " MiB");
            return;
        }
        Thread.sleep(60_000);
    }
}
