package cloud.yuntu.task.tier;

import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.platform.problem.ProblemException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * Which tier a task renders on; a pure rule over the tiers that exist.
 *
 * <ul>
 * <li>A named tier is taken as it is, if it can run the task: it must exist ({@code tier}), meet the
 *     requirements given with it ({@code requirements.*}), have GPUs when a layer's renderer renders
 *     on GPUs only ({@code tier}), and hold the largest layer's frame in memory ({@code resolution}).</li>
 * <li>Otherwise the cheapest tier (price per hour, then fewer cores, then name) that meets the
 *     requirements ({@code ramGb} of RAM at least, {@code gpus} GPUs at least, {@code gpuMemoryGb} per
 *     GPU at least; none given: any) and can run the task as above.</li>
 * <li>When none can, every field no tier could satisfy even alone is named, with the largest
 *     available; when each could be met alone but no tier meets them together, every field asked is
 *     named.</li>
 * </ul>
 *
 * Prices are compared as numbers: a farm prices its tiers in one currency.
 */
public final class TierMatcher {

    static final String TIER = "tier";
    static final String RAM = "requirements.ramGb";
    static final String GPUS = "requirements.gpus";
    static final String GPU_MEMORY = "requirements.gpuMemoryGb";
    static final String RESOLUTION = "resolution";

    private static final Comparator<Tier> CHEAPEST = Comparator.comparing(Tier::pricePerHour)
            .thenComparingInt(Tier::cores).thenComparing(Tier::name);

    private TierMatcher() {
    }

    /** @throws ProblemException 422 naming {@code tier}, a {@code requirements} field or {@code resolution} */
    public static Tier match(List<Tier> tiers, TierRequest request) {
        Requirements asked = request.requirements() == null ? new Requirements(null, null, null) : request.requirements();
        List<FieldError> malformed = malformed(asked, request.largestResolution());
        if (!malformed.isEmpty()) {
            throw ProblemException.invalid(malformed);
        }
        Task task = new Task(asked, request.renderers().stream().filter(Renderers::gpuOnly).sorted().toList(),
                request.renderers().stream().anyMatch(r -> !Renderers.gpuOnly(r)) || request.renderers().isEmpty(),
                request.largestResolution());
        if (request.tier() != null) {
            Tier named = tiers.stream().filter(t -> t.name().equals(request.tier())).findFirst()
                    .orElseThrow(() -> ProblemException.invalidField(TIER, "unknown tier \"" + request.tier()
                            + "\"; tiers: " + names(tiers)));
            List<FieldError> problems = task.problemsWith(named);
            if (!problems.isEmpty()) {
                throw ProblemException.invalid(problems);
            }
            return named;
        }
        if (tiers.isEmpty()) {
            throw ProblemException.invalidField(TIER, "no tiers are configured");
        }
        return tiers.stream().filter(t -> task.problemsWith(t).isEmpty()).min(CHEAPEST)
                .orElseThrow(() -> ProblemException.invalid(task.whyNone(tiers)));
    }

    /** Requirements that ask for nothing a tier could have, whatever the tiers. */
    private static List<FieldError> malformed(Requirements asked, Resolution resolution) {
        List<FieldError> errors = new ArrayList<>();
        if (asked.ramGb() != null && asked.ramGb() < 1) {
            errors.add(new FieldError(RAM, "must be at least 1 (GiB)"));
        }
        if (asked.gpus() != null && asked.gpus() < 0) {
            errors.add(new FieldError(GPUS, "must be 0 or more"));
        }
        if (asked.gpuMemoryGb() != null && asked.gpuMemoryGb() < 1) {
            errors.add(new FieldError(GPU_MEMORY, "must be at least 1 (GiB per GPU)"));
        } else if (asked.gpuMemoryGb() != null && asked.gpus() != null && asked.gpus() == 0) {
            errors.add(new FieldError(GPU_MEMORY, "asks GPU memory of a task that asks for no GPUs (gpus 0)"));
        }
        if (resolution != null && (resolution.width() < 1 || resolution.height() < 1)) {
            errors.add(new FieldError(RESOLUTION, "width and height must be at least 1"));
        }
        return errors;
    }

    private static String names(List<Tier> tiers) {
        return tiers.isEmpty() ? "none" : tiers.stream().sorted(CHEAPEST).map(Tier::name).collect(Collectors.joining(", "));
    }

    /**
     * What the task needs of a tier.
     *
     * @param gpuOnly the task's renderers that render on GPUs only (their frame lives in GPU memory)
     * @param onCpu whether some renderer of the task renders on CPUs (its frame lives in RAM)
     */
    private record Task(Requirements asked, List<String> gpuOnly, boolean onCpu, Resolution resolution) {

        /** Everything that keeps {@code tier} from running this task; empty when it can. */
        List<FieldError> problemsWith(Tier tier) {
            List<FieldError> problems = new ArrayList<>();
            if (asked.ramGb() != null && tier.ramGb() < asked.ramGb()) {
                problems.add(new FieldError(RAM, "tier " + tier.name() + " has " + tier.ramGb() + " GiB of RAM, less than the "
                        + asked.ramGb() + " GiB asked"));
            }
            if (asked.gpus() != null && tier.gpus() < asked.gpus()) {
                problems.add(new FieldError(GPUS, "tier " + tier.name() + " has " + tier.gpus() + " GPUs, fewer than the "
                        + asked.gpus() + " asked"));
            }
            if (asked.gpuMemoryGb() != null && gpuMemory(tier) < asked.gpuMemoryGb()) {
                problems.add(new FieldError(GPU_MEMORY, tier.hasGpus()
                        ? "tier " + tier.name() + " has GPUs of " + tier.gpuMemoryGb() + " GiB, less than the "
                                + asked.gpuMemoryGb() + " GiB asked"
                        : "tier " + tier.name() + " has no GPUs"));
            }
            if (!gpuOnly.isEmpty() && !tier.hasGpus()) {
                problems.add(new FieldError(TIER, String.join(", ", gpuOnly) + " renders on GPUs only and tier "
                        + tier.name() + " has none"));
            } else if (resolution != null && !frameFits(tier)) {
                problems.add(new FieldError(RESOLUTION, resolutionMessage() + "; tier " + tier.name() + " holds up to "
                        + holds(tier)));
            }
            return problems;
        }

        private boolean frameFits(Tier tier) {
            return (!onCpu || FrameMemory.fits(resolution, tier.ramGb()))
                    && (gpuOnly.isEmpty() || FrameMemory.fits(resolution, gpuMemory(tier)));
        }

        /** The memory that bounds the frame on {@code tier}: the smaller of the kinds the task's renderers use. */
        private int frameMemory(Tier tier) {
            int memory = Integer.MAX_VALUE;
            if (onCpu) {
                memory = tier.ramGb();
            }
            if (!gpuOnly.isEmpty()) {
                memory = Math.min(memory, gpuMemory(tier));
            }
            return memory;
        }

        private String holds(Tier tier) {
            int memory = frameMemory(tier);
            return String.format(java.util.Locale.ROOT, "%,d pixels (%d GiB of %s)", FrameMemory.maxPixels(memory), memory,
                    !gpuOnly.isEmpty() && memory == gpuMemory(tier) ? "memory per GPU" : "RAM");
        }

        private String resolutionMessage() {
            return resolution.width() + "x" + resolution.height() + " needs about "
                    + FrameMemory.gib(FrameMemory.bytes(resolution)) + " of frame buffers (float RGBA, "
                    + FrameMemory.BUFFERS + " buffers for AOVs and filtering) in at most 1/" + FrameMemory.SHARE_DIVISOR
                    + " of " + (gpuOnly.isEmpty() ? "RAM" : "GPU memory");
        }

        /** Why no tier can run the task: each field no tier satisfies alone, else every field asked. */
        List<FieldError> whyNone(List<Tier> tiers) {
            List<FieldError> errors = new ArrayList<>();
            if (asked.ramGb() != null) {
                largest(tiers, Tier::ramGb, t -> true).filter(t -> t.ramGb() < asked.ramGb()).ifPresent(t -> errors.add(
                        new FieldError(RAM, "no tier has " + asked.ramGb() + " GiB of RAM; the largest available is "
                                + t.ramGb() + " GiB (tier " + t.name() + ")")));
            }
            if (asked.gpus() != null) {
                largest(tiers, Tier::gpus, t -> true).filter(t -> t.gpus() < asked.gpus()).ifPresent(t -> errors.add(
                        new FieldError(GPUS, "no tier has " + asked.gpus() + " GPUs; the most available is " + t.gpus()
                                + " (tier " + t.name() + ")")));
            }
            if (asked.gpuMemoryGb() != null) {
                Optional<Tier> most = largest(tiers, TierMatcher::gpuMemory, Tier::hasGpus);
                if (most.isEmpty()) {
                    errors.add(new FieldError(GPU_MEMORY, "no tier has GPUs"));
                } else if (gpuMemory(most.get()) < asked.gpuMemoryGb()) {
                    errors.add(new FieldError(GPU_MEMORY, "no tier has GPUs of " + asked.gpuMemoryGb()
                            + " GiB; the largest available is " + most.get().gpuMemoryGb() + " GiB (tier "
                            + most.get().name() + ", " + most.get().gpuModel() + ")"));
                }
            }
            boolean anyGpuTier = tiers.stream().anyMatch(Tier::hasGpus);
            if (!gpuOnly.isEmpty() && !anyGpuTier) {
                errors.add(new FieldError(TIER, String.join(", ", gpuOnly) + " renders on GPUs only and no tier has GPUs"));
            }
            if (resolution != null) {
                Predicate<Tier> runs = t -> gpuOnly.isEmpty() || t.hasGpus();
                Optional<Tier> most = largest(tiers, this::frameMemory, runs);
                if (most.isPresent() && tiers.stream().filter(runs).noneMatch(this::frameFits)) {
                    errors.add(new FieldError(RESOLUTION, resolutionMessage() + "; the largest available, tier "
                            + most.get().name() + ", holds up to " + holds(most.get())));
                }
            }
            if (errors.isEmpty()) {
                // Each need alone is met by some tier, but no tier meets them all: name the needs that
                // rule out some tier (a need every tier meets is not the problem).
                List<Need> needs = needs().stream().filter(n -> tiers.stream().anyMatch(n.met().negate())).toList();
                String together = needs.stream().map(Need::what).collect(Collectors.joining(", "));
                needs.stream().map(Need::field).distinct().forEach(field -> errors.add(
                        new FieldError(field, "no single tier meets " + together + " together")));
            }
            return errors;
        }

        private List<Need> needs() {
            List<Need> needs = new ArrayList<>();
            if (asked.ramGb() != null) {
                needs.add(new Need(RAM, "ramGb " + asked.ramGb(), t -> t.ramGb() >= asked.ramGb()));
            }
            if (asked.gpus() != null) {
                needs.add(new Need(GPUS, "gpus " + asked.gpus(), t -> t.gpus() >= asked.gpus()));
            }
            if (asked.gpuMemoryGb() != null) {
                needs.add(new Need(GPU_MEMORY, "gpuMemoryGb " + asked.gpuMemoryGb(),
                        t -> gpuMemory(t) >= asked.gpuMemoryGb()));
            }
            if (!gpuOnly.isEmpty()) {
                needs.add(new Need(TIER, "GPUs for " + String.join(", ", gpuOnly), Tier::hasGpus));
            }
            if (resolution != null) {
                needs.add(new Need(RESOLUTION, "a " + resolution.width() + "x" + resolution.height() + " frame",
                        this::frameFits));
            }
            return needs;
        }
    }

    /** One thing a task needs of a tier, for naming what no tier meets together. */
    private record Need(String field, String what, Predicate<Tier> met) {
    }

    private static Optional<Tier> largest(List<Tier> tiers, ToIntFunction<Tier> size, Predicate<Tier> among) {
        return tiers.stream().filter(among).max(Comparator.comparingInt(size).thenComparing(CHEAPEST.reversed()));
    }

    private static int gpuMemory(Tier tier) {
        return tier.hasGpus() && tier.gpuMemoryGb() != null ? tier.gpuMemoryGb() : 0;
    }
}
