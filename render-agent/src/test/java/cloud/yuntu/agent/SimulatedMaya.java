package cloud.yuntu.agent;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * An agent as the local farm runs it: no Maya installed, the simulated renderer standing in for
 * Maya's renderers (here arnold, redshift and renderman, Maya 2026), and two declared GPUs.
 */
public class SimulatedMaya implements QuarkusTestProfile {

    public static final String GPU = "NVIDIA RTX A6000";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "yuntu.agent.maya.simulate", "true",
                "yuntu.agent.maya.renderers", "arnold,redshift,renderman",
                "yuntu.agent.maya.version", "2026",
                "yuntu.agent.gpus", GPU + ":48GiB," + GPU + ":48GiB");
    }
}
