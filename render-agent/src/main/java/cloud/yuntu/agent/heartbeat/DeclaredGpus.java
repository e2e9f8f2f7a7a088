package cloud.yuntu.agent.heartbeat;

import cloud.yuntu.agent.AgentConfig;
import cloud.yuntu.contracts.agent.AgentHeartbeat.Gpu;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GPUs this node reports, as configured ({@code yuntu.agent.gpus}): one {@code <model>:<memory>}
 * entry per card. When set they win over detection ({@link NodeGpus}); a malformed entry stops the agent at
 * start, because a node reporting wrong GPUs gets wrong work.
 */
@ApplicationScoped
public class DeclaredGpus {

    /** Size with a unit; binary units are what GPU vendors mean by "48 GB" of VRAM. */
    private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)",
            Pattern.CASE_INSENSITIVE);

    private final List<Gpu> gpus;

    DeclaredGpus(AgentConfig config) {
        this.gpus = parse(config.gpus().orElse(List.of()));
    }

    public List<Gpu> list() {
        return gpus;
    }

    static List<Gpu> parse(List<String> entries) {
        List<Gpu> parsed = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            // Split at the last colon: a model name may hold one, a size never does.
            int colon = entry.lastIndexOf(':');
            String model = colon < 0 ? "" : entry.substring(0, colon).trim();
            if (model.isEmpty()) {
                throw invalid(entry, "expected <model>:<memory>, e.g. NVIDIA RTX A6000:48GiB");
            }
            parsed.add(new Gpu(model, bytes(entry, entry.substring(colon + 1).trim())));
        }
        return List.copyOf(parsed);
    }

    private static long bytes(String entry, String memory) {
        Matcher m = MEMORY.matcher(memory);
        if (!m.matches()) {
            throw invalid(entry, "memory '" + memory + "' is not a size such as 48GiB or 24GB");
        }
        double value = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "B" -> 1L;
            case "KIB" -> 1L << 10;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            case "TIB" -> 1L << 40;
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            default -> 1_000_000_000_000L;
        };
        long bytes = Math.round(value * unit);
        if (bytes <= 0) {
            throw invalid(entry, "memory must be positive");
        }
        return bytes;
    }

    private static IllegalArgumentException invalid(String entry, String why) {
        return new IllegalArgumentException("yuntu.agent.gpus: '" + entry + "': " + why);
    }
}
