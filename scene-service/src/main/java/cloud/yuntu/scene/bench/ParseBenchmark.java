package cloud.yuntu.scene.bench;

import cloud.yuntu.scene.analysis.SceneAnalyser;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Throughput harness (not a test): analyses a generated .ma of the requested size and the real
 * corpus, after a warm-up, and prints MB/s. Usage: ParseBenchmark [corpusDir] [generatedMB].
 */
public final class ParseBenchmark {

    private ParseBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path corpus = Path.of(args.length > 0 ? args[0] : "../shared/maya-scenes");
        int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path generated = Files.createTempFile("yuntu-bench", ".ma");
        try {
            generate(generated, megabytes * 1024L * 1024);
            SceneAnalyser analyser = new SceneAnalyser();
            List<Path> scenes;
            try (Stream<Path> files = Files.list(corpus)) {
                scenes = files.filter(p -> p.toString().endsWith(".ma") || p.toString().endsWith(".mb")).sorted().toList();
            }
            long corpusBytes = 0;
            for (Path p : scenes) {
                corpusBytes += Files.size(p);
            }
            for (int i = 0; i < 20; i++) {
                run(analyser, scenes);
            }
            int rounds = 50;
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                run(analyser, scenes);
            }
            double corpusSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("corpus: %d files, %.2f MB x %d rounds in %.2f s = %.1f MB/s (%.2f ms per file)%n",
                    scenes.size(), corpusBytes / 1e6, rounds, corpusSeconds, corpusBytes * rounds / 1e6 / corpusSeconds,
                    corpusSeconds * 1000 / (rounds * scenes.size()));
            run(analyser, List.of(generated));
            start = System.nanoTime();
            run(analyser, List.of(generated));
            double seconds = (System.nanoTime() - start) / 1e9;
            long size = Files.size(generated);
            System.out.printf("generated .ma: %.1f MB in %.2f s = %.1f MB/s (heap max %d MB)%n", size / 1e6, seconds,
                    size / 1e6 / seconds, Runtime.getRuntime().maxMemory() / (1024 * 1024));
        } finally {
            Files.deleteIfExists(generated);
        }
    }

    private static void run(SceneAnalyser analyser, List<Path> scenes) throws IOException {
        for (Path scene : scenes) {
            try (InputStream in = Files.newInputStream(scene)) {
                analyser.analyse(in, scene.getFileName().toString(), null);
            }
        }
    }

    /** A scene shaped like production ones: many meshes with long point arrays, file textures, connections. */
    private static void generate(Path target, long bytes) throws IOException {
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(target), 1 << 20);
                Writer out = new java.io.OutputStreamWriter(raw, StandardCharsets.UTF_8)) {
            out.write("//Maya ASCII 2024 scene\n//Name: bench.ma\n//Codeset: UTF-8\nrequires maya \"2024\";\n"
                    + "requires -nodeType \"aiStandIn\" \"mtoa\" \"5.3.1\";\ncurrentUnit -l centimeter -a degree -t film;\n");
            long written = 200;
            for (int n = 0; written < bytes; n++) {
                StringBuilder b = new StringBuilder(8192);
                b.append("createNode transform -n \"geo").append(n).append("\";\n")
                        .append("\tsetAttr \".t\" -type \"double3\" 1.5 2.25 -3.125 ;\n")
                        .append("createNode mesh -n \"geoShape").append(n).append("\" -p \"geo").append(n).append("\";\n")
                        .append("\tsetAttr -s 96 \".vt[0:95]\"");
                for (int v = 0; v < 96; v++) {
                    b.append(v % 6 == 0 ? "\n\t\t " : " ").append(0.123456789 * v).append(' ').append(-1.5 * v).append(' ').append(v);
                }
                b.append(";\ncreateNode file -n \"tex").append(n).append("\";\n\tsetAttr \".ftn\" -type \"string\" \"sourceimages/t")
                        .append(n % 100).append(".<UDIM>.tx\";\n")
                        .append("connectAttr \"tex").append(n).append(".oc\" \"geoShape").append(n).append(".iog\";\n");
                out.write(b.toString());
                written += b.length();
            }
        }
    }
}
