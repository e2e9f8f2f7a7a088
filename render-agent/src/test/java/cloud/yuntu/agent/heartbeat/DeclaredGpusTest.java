package cloud.yuntu.agent.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.contracts.agent.AgentHeartbeat.Gpu;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeclaredGpusTest {

    @Test
    void readsModelAndMemoryOfEachCard() {
        assertThat(DeclaredGpus.parse(List.of("NVIDIA RTX A6000:48GiB", " NVIDIA RTX A6000 : 48 GiB ", "Card: v2:24GB")))
                .containsExactly(new Gpu("NVIDIA RTX A6000", 48L << 30), new Gpu("NVIDIA RTX A6000", 48L << 30),
                        new Gpu("Card: v2", 24_000_000_000L));
        assertThat(DeclaredGpus.parse(List.of())).isEmpty();
        assertThat(DeclaredGpus.parse(List.of(" "))).isEmpty();
    }

    @Test
    void aMalformedEntryStopsTheAgent() {
        assertThatThrownBy(() -> DeclaredGpus.parse(List.of("NVIDIA RTX A6000"))).hasMessageContaining("<model>:<memory>");
        assertThatThrownBy(() -> DeclaredGpus.parse(List.of(":48GiB"))).hasMessageContaining("<model>:<memory>");
        assertThatThrownBy(() -> DeclaredGpus.parse(List.of("A6000:lots"))).hasMessageContaining("'lots' is not a size");
        assertThatThrownBy(() -> DeclaredGpus.parse(List.of("A6000:0GiB"))).hasMessageContaining("positive");
    }
}
