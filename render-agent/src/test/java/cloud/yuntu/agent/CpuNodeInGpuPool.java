package cloud.yuntu.agent;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A node without GPUs that an operator put in pool {@code high} (the tier of 2 x RTX A6000) besides {@code cpu}, with
 * the tiers read every second so a change of them is seen within the test.
 */
public class CpuNodeInGpuPool implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("yuntu.agent.pools", "cpu,high", "yuntu.agent.tier-refresh-interval", "1s");
    }
}
