package cloud.yuntu.e2e;

import cloud.yuntu.testsupport.MayaScenes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Real Maya scenes from the shared corpus, optionally asking the simulated renderer for a behaviour. */
final class Scenes {

    static final Path CORPUS = MayaScenes.DIR;

    private Scenes() {
    }

    /** A real Maya 2024 scene with one renderable camera; the base of the generated ones below. */
    static final String BASE = "Autodesk__maya-usd__test__testSamples__displayColors__ColorTestStandardSurface.ma";

    /**
     * The base scene rendered by {@code renderer} over frames 1-3 at 320x180, with the master layer
     * switched off and two legacy render layers: {@code beauty} at the scene's resolution and
     * {@code shadows} with a layer adjustment to 160x90, in MEL as Maya writes it.
     */
    static Path layered(Path dir, String name, String renderer) throws IOException {
        Path scene = dir.resolve(name);
        Files.copy(CORPUS.resolve(BASE), scene);
        Files.writeString(scene, """
                select -ne :defaultRenderGlobals;
                	setAttr ".ren" -type "string" "%s";
                	setAttr ".an" yes;
                	setAttr ".fs" 1;
                	setAttr ".ef" 3;
                select -ne :defaultResolution;
                	setAttr ".w" 320;
                	setAttr ".h" 180;
                select -ne :defaultRenderLayer;
                	setAttr ".rndr" no;
                createNode renderLayer -n "beauty";
                	setAttr ".rndr" yes;
                createNode renderLayer -n "shadows";
                	setAttr ".rndr" yes;
                	setAttr -s 2 ".adjs";
                	setAttr ".adjs[0].val" 160;
                	setAttr ".adjs[1].val" 90;
                connectAttr "defaultResolution.w" "shadows.adjs[0].plg";
                connectAttr "defaultResolution.h" "shadows.adjs[1].plg";
                fileInfo "yuntu.simulate.msPerFrame" "200";
                """.formatted(renderer), java.nio.file.StandardOpenOption.APPEND);
        return scene;
    }

    /** A small .ma with {@code count} legacy render layers and as many renderable cameras: more than any analysis takes. */
    static Path hostile(Path dir, int count) throws IOException {
        StringBuilder mel = new StringBuilder("//Maya ASCII 2024 scene\n//Codeset: UTF-8\nrequires maya \"2024\";\n");
        for (int i = 0; i < count; i++) {
            mel.append("createNode renderLayer -n \"layer").append(i).append("\";\n");
            mel.append("createNode transform -n \"cam").append(i).append("\";\n");
            mel.append("createNode camera -n \"camShape").append(i).append("\" -p \"cam").append(i).append("\";\n");
            mel.append("\tsetAttr \".rnd\" yes;\n");
        }
        Path scene = dir.resolve("hostile.ma");
        Files.writeString(scene, mel);
        return scene;
    }

    /** A copy of a corpus scene with a {@code fileInfo} the simulated renderer reads (Maya ignores it). */
    static Path withSimulation(Path dir, String corpusFile, String key, String value) throws IOException {
        Path copy = dir.resolve(corpusFile.substring(corpusFile.lastIndexOf("__") + 2));
        Files.copy(CORPUS.resolve(corpusFile), copy);
        Files.writeString(copy, "fileInfo \"" + key + "\" \"" + value + "\";\n", java.nio.file.StandardOpenOption.APPEND);
        return copy;
    }

    /**
     * A copy of a corpus scene asking the simulated renderer for several behaviours at once: each
     * {@code key} (without the {@code yuntu.simulate.} prefix, e.g. {@code msPerFrame}, {@code failFrames},
     * {@code failAttempts}, {@code failOnAgents}) becomes {@code fileInfo "yuntu.simulate.<key>" "<value>";}.
     */
    static Path simulating(Path dir, String corpusFile, Map<String, String> behaviour) throws IOException {
        Path copy = dir.resolve(corpusFile.substring(corpusFile.lastIndexOf("__") + 2));
        Files.copy(CORPUS.resolve(corpusFile), copy);
        StringBuilder mel = new StringBuilder();
        behaviour.forEach((key, value) -> mel.append("fileInfo \"yuntu.simulate.").append(key).append("\" \"")
                .append(value).append("\";\n"));
        Files.writeString(copy, mel, java.nio.file.StandardOpenOption.APPEND);
        return copy;
    }
}
