package cloud.yuntu.e2e;

import cloud.yuntu.testsupport.MayaScenes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real Maya scenes from the shared corpus, optionally asking the simulated renderer for a behaviour. */
final class Scenes {

    static final Path CORPUS = MayaScenes.DIR;

    private Scenes() {
    }

    /** A copy of a corpus scene with a {@code fileInfo} the simulated renderer reads (Maya ignores it). */
    static Path withSimulation(Path dir, String corpusFile, String key, String value) throws IOException {
        Path copy = dir.resolve(corpusFile.substring(corpusFile.lastIndexOf("__") + 2));
        Files.copy(CORPUS.resolve(corpusFile), copy);
        Files.writeString(copy, "fileInfo \"" + key + "\" \"" + value + "\";\n", java.nio.file.StandardOpenOption.APPEND);
        return copy;
    }
}
