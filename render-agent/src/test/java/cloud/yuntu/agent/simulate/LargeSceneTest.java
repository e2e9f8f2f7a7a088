package cloud.yuntu.agent.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.agent.TestJobs;
import cloud.yuntu.agent.render.RenderCommand;
import cloud.yuntu.agent.render.RendererProcess;
import cloud.yuntu.contracts.frame.FrameRange;
import cloud.yuntu.contracts.frame.Resolution;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Maya ASCII scene larger than the simulator's heap renders as it would in Maya: the simulator is
 * started as the agent starts it (its own JVM, its real {@code -Xmx}), and what the scene says after
 * hundreds of megabytes of mesh data (a texture node, the {@code fileInfo} settings) is honoured.
 */
class LargeSceneTest {

    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    @Test
    void aSceneLargerThanTheSimulatorsHeapIsReadToItsEndAndRendered() throws Exception {
        Path project = dir.resolve("project");
        Path scenes = Files.createDirectories(project.resolve("scenes"));
        Path scene = scenes.resolve("big.ma");
        Files.copy(Path.of("src/test/resources/projects/textured/scenes/TextureTest.ma"), scene);
        Files.createDirectories(project.resolve("assets"));
        Files.copy(Path.of("src/test/resources/projects/textured/assets/prop.ma"), project.resolve("assets/prop.ma"));
        Path textures = Files.createDirectories(project.resolve("sourceimages"));
        Files.writeString(textures.resolve("grid.png"), "grid lines");
        Files.writeString(textures.resolve("wood.png"), "wood grain");
        Files.writeString(textures.resolve("late.png"), "written last");

        var job = TestJobs.job("arnold", new FrameRange(1, 2, 1), null, null, new Resolution(16, 16), "png", "big");
        RenderCommand command = RenderCommand.forJob(job, "node-1", scene, dir.resolve("images"), "Render", true);
        long heap = maxHeap(command.command());
        grow(scene, heap + 32 * MIB);
        assertThat(Files.size(scene)).isGreaterThan(heap);

        List<String> lines = new ArrayList<>();
        RendererProcess.Result result = RendererProcess.start(command, dir).await(Duration.ofMinutes(4), lines::add);
        String log = String.join("\n", lines);

        // The failFrames written after the mesh data fail frame 2, and only it: frame 1 was rendered.
        assertThat(result.exitCode()).as(log).isEqualTo(SimulatedRender.RENDER_FAILED);
        assertThat(lines).as(log)
                .anyMatch(l -> l.contains("// Error: ") && l.contains("frame 2") && l.contains("yuntu.simulate.failFrames"))
                .noneMatch(l -> l.contains("OutOfMemoryError"))
                .noneMatch(l -> l.contains("frame 1") && l.contains("simulated failure"))
                .anyMatch(l -> l.contains("read reference propRN.reference"))
                .anyMatch(l -> l.contains("read texture prop:woodFile.fileTextureName"))
                .anyMatch(l -> l.contains("read texture file1.fileTextureName \"" + textures.resolve("grid.png") + "\""))
                .anyMatch(l -> l.contains("read texture late.fileTextureName \"" + textures.resolve("late.png") + "\""))
                .as("a node written inside a string is no node").noneMatch(l -> l.contains("decoy"));
        assertThat(dir.resolve("images/big.0001.png")).isNotEmptyFile();
        assertThat(dir.resolve("images/big.0002.png")).doesNotExist();
    }

    /** The {@code -Xmx} the agent starts the simulator with, in bytes. */
    private static long maxHeap(List<String> command) {
        String option = command.stream().filter(o -> o.startsWith("-Xmx")).findFirst().orElseThrow();
        String size = option.substring(4).toLowerCase(java.util.Locale.ROOT);
        long unit = switch (size.charAt(size.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        return Long.parseLong(unit == 1 ? size : size.substring(0, size.length() - 1)) * unit;
    }

    /**
     * Appends mesh data until the scene holds at least {@code atLeast} bytes, as baked geometry makes a
     * scene large: statements of a few hundred thousand numbers spanning many lines, a script whose
     * string holds {@code ;}, {@code //} and a decoy file node and fileInfo, then a texture node and
     * the simulator's settings at the very end.
     */
    private static void grow(Path scene, long atLeast) throws IOException {
        StringBuilder points = new StringBuilder();
        for (int row = 0; row < 16 * 1024; row++) {
            points.append("\t\t 0.125 -2.5 ").append(row % 97).append(".75 1 0.5 -0.25 3 4.5 6\n");
        }
        String mesh = points.toString();
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(scene, StandardCharsets.ISO_8859_1,
                StandardOpenOption.APPEND), 1 << 20)) {
            out.write("createNode script -n \"notes\";\n\tsetAttr \".b\" -type \"string\" \"print \\\"a; b // c\\\";"
                    + " createNode file -n \\\"decoy\\\"; setAttr \\\".ftn\\\" -type \\\"string\\\" \\\"decoy.png\\\";"
                    + " fileInfo \\\"yuntu.simulate.failFrames\\\" \\\"1\\\";\";\n");
            long written = Files.size(scene);
            for (int i = 0; written < atLeast; i++) {
                out.write("createNode mesh -n \"bakedShape" + i + "\" -p \"baked" + i + "\";\n");
                out.write("\tsetAttr -s 147456 \".vt[0:147455]\"\n");
                out.write(mesh);
                out.write("\t\t;\n");
                written += mesh.length() + 80;
            }
            out.write("createNode file -n \"late\";\n\tsetAttr \".ftn\" -type \"string\" \"../sourceimages/late.png\";\n");
            out.write("fileInfo \"yuntu.simulate.msPerFrame\" \"0\";\n");
            out.write("fileInfo \"yuntu.simulate.failFrames\" \"2\";\n");
        }
    }
}
