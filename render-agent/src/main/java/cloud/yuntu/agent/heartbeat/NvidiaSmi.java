package cloud.yuntu.agent.heartbeat;

import cloud.yuntu.contracts.agent.AgentHeartbeat.Gpu;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The node's NVIDIA GPUs as {@code nvidia-smi} lists them. Run once at start, as an argument list (no shell), with a
 * short timeout: a node without the tool has no GPUs (logged at INFO), and a run that fails, hangs or prints what
 * cannot be read gives no GPUs with a WARN, never a crash, since a node with no GPUs reported still renders CPU work.
 */
public final class NvidiaSmi {

    private static final Logger LOG = Logger.getLogger(NvidiaSmi.class);

    /** The query; {@code nounits} makes memory.total a plain number of MiB. */
    public static final List<String> QUERY = List.of("--query-gpu=index,name,memory.total,driver_version,uuid",
            "--format=csv,noheader,nounits");
    private static final String NOT_AVAILABLE = "[N/A]";
    private static final int FIELDS = 5;
    /** Most of the output read: a node has a few GPUs, each a line of about 100 characters. */
    private static final int MAX_OUTPUT = 64 * 1024;

    /**
     * One card.
     *
     * @param index nvidia-smi's index (PCI bus order), what {@code CUDA_VISIBLE_DEVICES} takes with
     *        {@code CUDA_DEVICE_ORDER=PCI_BUS_ID}
     * @param memoryBytes 0 when nvidia-smi reports {@code [N/A]}
     * @param driver null when {@code [N/A]}
     * @param uuid null when {@code [N/A]}
     */
    public record DetectedGpu(int index, String model, long memoryBytes, String driver, String uuid) {

        public Gpu toHeartbeat() {
            return new Gpu(model, memoryBytes);
        }
    }

    /** What an output says: the cards, or why it cannot be read (then there are none). */
    public record Reading(List<DetectedGpu> gpus, Optional<String> problem) {
    }

    private NvidiaSmi() {
    }

    /**
     * Reads the output of {@link #QUERY}. Any line that is not five fields with an integer index and a name makes the
     * whole output unreadable: a partial list would give slots GPUs that may not be the ones named.
     */
    public static Reading parse(String output) {
        List<DetectedGpu> gpus = new ArrayList<>();
        for (String raw : output.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != FIELDS) {
                return unreadable("expected " + FIELDS + " fields (index, name, memory.total, driver_version, uuid), got "
                        + fields.length + " in '" + line + "'");
            }
            for (int i = 0; i < FIELDS; i++) {
                fields[i] = fields[i].strip();
            }
            int index;
            try {
                index = Integer.parseInt(fields[0]);
            } catch (NumberFormatException e) {
                return unreadable("index '" + fields[0] + "' is not a number in '" + line + "'");
            }
            if (fields[1].isEmpty() || fields[1].equals(NOT_AVAILABLE)) {
                return unreadable("no name in '" + line + "'");
            }
            long memory;
            if (fields[2].equals(NOT_AVAILABLE)) {
                memory = 0;
            } else {
                try {
                    memory = Long.parseLong(fields[2]) << 20;
                } catch (NumberFormatException e) {
                    return unreadable("memory.total '" + fields[2] + "' is not a number of MiB in '" + line + "'");
                }
            }
            if (gpus.stream().anyMatch(g -> g.index() == index)) {
                return unreadable("index " + index + " listed twice");
            }
            gpus.add(new DetectedGpu(index, fields[1], memory, available(fields[3]), available(fields[4])));
        }
        return new Reading(List.copyOf(gpus), Optional.empty());
    }

    /**
     * Runs {@code executable} with {@link #QUERY} and reads its cards; logs what it found or why it found none.
     *
     * @param executable {@code nvidia-smi}, or a path (a script printing a recorded output, in tests and the local farm)
     */
    public static List<DetectedGpu> detect(String executable, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(QUERY);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException absent) {
            LOG.infof("No GPUs detected: %s cannot be run (%s)", executable, absent.getMessage());
            return List.of();
        }
        try {
            process.getOutputStream().close();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread reader = Thread.ofVirtual().name("nvidia-smi-output").start(() -> readAtMost(process.getInputStream(), output));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                LOG.warnf("No GPUs detected: %s did not answer within %d ms", executable, timeout.toMillis());
                return List.of();
            }
            reader.join(Duration.ofSeconds(1));
            String text;
            synchronized (output) {
                text = output.toString(StandardCharsets.UTF_8);
            }
            if (process.exitValue() != 0) {
                LOG.warnf("No GPUs detected: %s exited with status %d: %s", executable, process.exitValue(),
                        firstLine(text));
                return List.of();
            }
            Reading reading = parse(text);
            if (reading.problem().isPresent()) {
                LOG.warnf("No GPUs detected: the output of %s cannot be read: %s", executable, reading.problem().get());
                return List.of();
            }
            if (reading.gpus().isEmpty()) {
                LOG.infof("No GPUs detected: %s lists none", executable);
            }
            for (DetectedGpu gpu : reading.gpus()) {
                LOG.infof("GPU %d: %s, %d MiB, driver %s, %s", gpu.index(), gpu.model(), gpu.memoryBytes() >> 20,
                        gpu.driver() == null ? "unknown" : gpu.driver(), gpu.uuid() == null ? "no UUID" : gpu.uuid());
            }
            return reading.gpus();
        } catch (IOException e) {
            LOG.warnf("No GPUs detected: %s: %s", executable, e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return List.of();
        }
    }

    private static void readAtMost(InputStream in, ByteArrayOutputStream output) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (output) {
                    if (output.size() < MAX_OUTPUT) {
                        output.write(buffer, 0, Math.min(n, MAX_OUTPUT - output.size()));
                    }
                }
            }
        } catch (IOException closed) {
            // The process was killed; what was read is kept.
        }
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("(no output)");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static Reading unreadable(String why) {
        return new Reading(List.of(), Optional.of(why));
    }

    private static String available(String field) {
        return field.isEmpty() || field.equals(NOT_AVAILABLE) ? null : field;
    }
}
