package cloud.yuntu.agent.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.agent.heartbeat.NvidiaSmi.DetectedGpu;
import cloud.yuntu.contracts.agent.AgentHeartbeat.Gpu;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeGpusTest {

    private static final List<DetectedGpu> DETECTED = List.of(
            new DetectedGpu(0, "NVIDIA GeForce RTX 4090", 24564L << 20, "550.120", "GPU-a"),
            new DetectedGpu(2, "Tesla T4", 15360L << 20, "550.120", "GPU-b"));

    @Test
    void detectedGpusAreReportedWithNvidiaSmisIndices() {
        NodeGpus gpus = new NodeGpus(List.of(), DETECTED);

        assertThat(gpus.list()).containsExactly(new Gpu("NVIDIA GeForce RTX 4090", 24564L << 20),
                new Gpu("Tesla T4", 15360L << 20));
        assertThat(gpus.devices()).containsExactly(0, 2);
    }

    @Test
    void declaredGpusWinAndAreDevicesInTheirOrder() {
        List<Gpu> declared = DeclaredGpus.parse(List.of("NVIDIA RTX A6000:48GiB", "NVIDIA RTX A6000:48GiB"));

        NodeGpus gpus = new NodeGpus(declared, DETECTED);

        assertThat(gpus.list()).isEqualTo(declared);
        assertThat(gpus.devices()).containsExactly(0, 1);
    }

    @Test
    void neitherMeansNoGpus() {
        NodeGpus gpus = new NodeGpus(List.of(), List.of());

        assertThat(gpus.list()).isEmpty();
        assertThat(gpus.devices()).isEmpty();
    }
}
