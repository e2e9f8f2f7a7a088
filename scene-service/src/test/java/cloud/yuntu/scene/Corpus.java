package cloud.yuntu.scene;

import cloud.yuntu.testsupport.MayaScenes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The real scene files and the facts their README table states, read from the README itself. */
public final class Corpus {

    public static final Path DIR = MayaScenes.DIR;

    /** One README table row. */
    public record Row(String file, long bytes, String format, String version, String renderer, int refs, int ftn,
            List<String> plugins) {

        public Path path() {
            return DIR.resolve(file);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    private Corpus() {
    }

    public static List<Row> rows() {
        try {
            List<Row> rows = new ArrayList<>();
            for (String line : Files.readAllLines(DIR.resolve("README.md"))) {
                if (!line.startsWith("| ") || line.startsWith("| file ") || line.startsWith("|---")) {
                    continue;
                }
                String[] c = Arrays.stream(line.split("\\|", -1)).map(String::trim).toArray(String[]::new);
                // | file | repo | path | commit | bytes | fmt | Maya ver | renderer | refs | ftn | plugins | nodes | licence |
                List<String> plugins = c[11].isEmpty() ? List.of() : List.of(c[11].split(","));
                rows.add(new Row(c[1], Long.parseLong(c[5]), c[6], c[7], c[8], Integer.parseInt(c[9]),
                        Integer.parseInt(c[10]), plugins));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Path> files() {
        return rows().stream().map(Row::path).toList();
    }
}
