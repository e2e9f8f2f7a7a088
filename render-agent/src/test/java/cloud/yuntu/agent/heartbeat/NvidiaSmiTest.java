package cloud.yuntu.agent.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.agent.heartbeat.NvidiaSmi.DetectedGpu;
import cloud.yuntu.agent.heartbeat.NvidiaSmi.Reading;
import cloud.yuntu.contracts.agent.AgentHeartbeat.Gpu;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvidiaSmiTest {

    @TempDir
    Path dir;

    static String recorded(String name) throws IOException {
        try (InputStream in = NvidiaSmiTest.class.getResourceAsStream("/nvidia-smi/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void oneCardIsReadWithItsMemoryInBytesDriverAndUuid() throws IOException {
        Reading reading = NvidiaSmi.parse(recorded("one-rtx-a6000.csv"));

        assertThat(reading.problem()).isEmpty();
        assertThat(reading.gpus()).containsExactly(new DetectedGpu(0, "NVIDIA RTX A6000", 49140L << 20, "550.54.15",
                "GPU-5c3b5e7a-1f0e-8a6d-2b44-0c1e9f2d7a31"));
        assertThat(reading.gpus().getFirst().toHeartbeat()).isEqualTo(new Gpu("NVIDIA RTX A6000", 49140L * 1024 * 1024));
    }

    @Test
    void mixedCardsKeepTheirOwnModelMemoryAndIndex() throws IOException {
        Reading reading = NvidiaSmi.parse(recorded("four-mixed.csv"));

        assertThat(reading.problem()).isEmpty();
        assertThat(reading.gpus()).extracting(DetectedGpu::index).containsExactly(0, 1, 2, 3);
        assertThat(reading.gpus()).extracting(DetectedGpu::model).containsExactly("NVIDIA GeForce RTX 4090",
                "NVIDIA GeForce RTX 3090", "Tesla T4", "NVIDIA A100-SXM4-40GB");
        assertThat(reading.gpus()).extracting(DetectedGpu::memoryBytes).containsExactly(24564L << 20, 24576L << 20,
                15360L << 20, 40960L << 20);
        assertThat(reading.gpus()).extracting(DetectedGpu::driver).containsOnly("550.120");
    }

    @Test
    void notAvailableFieldsAreUnknownNotFailures() throws IOException {
        Reading reading = NvidiaSmi.parse(recorded("not-available-fields.csv"));

        assertThat(reading.problem()).isEmpty();
        assertThat(reading.gpus()).containsExactly(
                new DetectedGpu(0, "NVIDIA GH200 480GB", 0, "550.54.15", "GPU-3f8a2c71-6e0d-9b45-c1a7-2e5d8f0b4c93"),
                new DetectedGpu(1, "NVIDIA A100-SXM4-80GB", 81920L << 20, null, null));
    }

    @Test
    void theDriverFailureMessageIsNoGpusWithAReason() throws IOException {
        Reading reading = NvidiaSmi.parse(recorded("driver-not-loaded.txt"));

        assertThat(reading.gpus()).isEmpty();
        assertThat(reading.problem()).hasValueSatisfying(p -> assertThat(p).contains("expected 5 fields")
                .contains("NVIDIA-SMI has failed"));
    }

    @Test
    void aLineMissingFieldsOrWithABadIndexMakesTheWholeOutputUnreadable() throws IOException {
        Reading garbled = NvidiaSmi.parse(recorded("one-rtx-a6000.csv") + recorded("garbled.csv"));
        assertThat(garbled.gpus()).isEmpty();
        assertThat(garbled.problem()).hasValueSatisfying(p -> assertThat(p).contains("got 3"));

        assertThat(NvidiaSmi.parse("x, Card, 100, 1, GPU-1\n").problem()).hasValueSatisfying(
                p -> assertThat(p).contains("index 'x'"));
        assertThat(NvidiaSmi.parse("0, Card, lots, 1, GPU-1\n").problem()).hasValueSatisfying(
                p -> assertThat(p).contains("memory.total 'lots'"));
        assertThat(NvidiaSmi.parse("0, Card, 1, 1, a\n0, Card, 1, 1, b\n").problem()).hasValueSatisfying(
                p -> assertThat(p).contains("twice"));
        assertThat(NvidiaSmi.parse("\n").gpus()).isEmpty();
        assertThat(NvidiaSmi.parse("\n").problem()).isEmpty();
    }

    @Test
    void detectRunsTheConfiguredExecutableWithTheQuery() throws IOException {
        Path output = dir.resolve("out.csv");
        Files.writeString(output, recorded("four-mixed.csv"));
        Path args = dir.resolve("args");
        Path smi = script("smi", "printf '%s\\n' \"$@\" > " + args + "\ncat " + output + "\n");

        List<DetectedGpu> gpus = NvidiaSmi.detect(smi.toString(), Duration.ofSeconds(10));

        assertThat(gpus).hasSize(4);
        assertThat(Files.readAllLines(args)).isEqualTo(NvidiaSmi.QUERY);
    }

    @Test
    void anAbsentFailingHungOrGarbledRunGivesNoGpus() throws IOException {
        assertThat(NvidiaSmi.detect(dir.resolve("no-such-nvidia-smi").toString(), Duration.ofSeconds(5))).isEmpty();
        assertThat(NvidiaSmi.detect("nvidia-smi-nowhere-on-path", Duration.ofSeconds(5))).isEmpty();

        Path failing = dir.resolve("failing.txt");
        Files.writeString(failing, recorded("driver-not-loaded.txt"));
        assertThat(NvidiaSmi.detect(script("failing", "cat " + failing + "\nexit 9\n").toString(),
                Duration.ofSeconds(10))).isEmpty();

        Path garbled = dir.resolve("garbled.csv");
        Files.writeString(garbled, recorded("garbled.csv"));
        assertThat(NvidiaSmi.detect(script("garbled", "cat " + garbled + "\n").toString(), Duration.ofSeconds(10)))
                .isEmpty();

        long start = System.nanoTime();
        assertThat(NvidiaSmi.detect(script("hung", "exec sleep 30\n").toString(), Duration.ofMillis(500))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    private Path script(String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
