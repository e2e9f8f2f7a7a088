package cloud.yuntu.agent.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.agent.simulate.SceneDependencies.Dependency;
import cloud.yuntu.contracts.scene.SceneReport.DependencyKind;
import cloud.yuntu.testsupport.MayaScenes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SceneDependenciesTest {

    @TempDir
    Path dir;

    private static String corpus(String name) throws Exception {
        return Files.readString(MayaScenes.scene(name), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aRealScenesFileTextureIsFoundWithItsNodeAndLine() throws Exception {
        List<Dependency> found = SceneDependencies.of(corpus(
                "Autodesk__maya-usd__test__lib__usd__translators__UsdExportTextureTest__rel_project__scenes__TextureTest.ma"));

        assertThat(found).containsExactly(new Dependency(DependencyKind.TEXTURE, "file1", "fileTextureName",
                "sourceimages/grid.png", 108));
    }

    @Test
    void aRealScenesReferenceIsFoundOnceThoughMayaWritesItTwice() throws Exception {
        List<Dependency> found = SceneDependencies.of(corpus("Autodesk__maya-usd__test__testSamples__rhino_rig__anim_001.ma"));

        assertThat(found).filteredOn(d -> d.kind() == DependencyKind.REFERENCE).singleElement()
                .satisfies(d -> {
                    assertThat(d.node()).isEqualTo("rhino_rig_029RN");
                    assertThat(d.path()).endsWith(".ma");
                    assertThat(d.line()).as("the -rdi statement, which says the reference loads").isEqualTo(5);
                });
    }

    @Test
    void aSceneWithoutFileNodesOrReferencesNamesNothing() throws Exception {
        assertThat(SceneDependencies.of(corpus("yamins81__cgkit__unittests__data__objects.ma"))).isEmpty();
    }

    @Test
    void referencesComeFirstThenNodeFilesInTheOrderOfTheirNodes() {
        String scene = """
                //Maya ASCII 2025 scene
                file -rdi 1 -ns "set" -rfn "setRN" -typ "mayaAscii" "/net/assets/set.ma";
                file -rdi 2 -ns "chair" -rfn "set:chairRN" "/net/assets/chair.ma";
                file -r -ns "set" -dr 1 -rfn "setRN" -typ "mayaAscii" "/net/assets/set.ma";
                createNode aiImage -n "hdri";
                	setAttr ".filename" -type "string" "sourceimages/sky.exr";
                createNode file -n "bricks";
                	setAttr ".ftn" -type "string" "C:\\\\proj\\\\sourceimages\\\\bricks.<UDIM>.tx";
                createNode cacheFile -n "clothCache";
                	setAttr ".cp" -type "string" "cache/nCache/cloth";
                	setAttr ".cn" -type "string" "clothShape";
                createNode AlembicNode -n "anim";
                	setAttr ".fn" -type "string" "../cache/anim.abc";
                """;

        assertThat(SceneDependencies.of(scene)).containsExactly(
                new Dependency(DependencyKind.REFERENCE, "setRN", "reference", "/net/assets/set.ma", 2, "set"),
                new Dependency(DependencyKind.TEXTURE, "hdri", "filename", "sourceimages/sky.exr", 6),
                new Dependency(DependencyKind.TEXTURE, "bricks", "fileTextureName", "C:\\proj\\sourceimages\\bricks.<UDIM>.tx", 8),
                new Dependency(DependencyKind.CACHE, "clothCache", "cachePath", "cache/nCache/cloth/clothShape.xml", 10),
                new Dependency(DependencyKind.ALEMBIC, "anim", "abc_File", "../cache/anim.abc", 13));
    }

    @Test
    void whatMayaDoesNotLoadIsLeftOut() {
        String scene = """
                //Maya ASCII 2025 scene
                file -rdi 1 -ns "old" -dr 1 -rfn "oldRN" "old.ma";
                file -r -ns "old" -dr 1 -rfn "oldRN" "old.ma";
                createNode file -n "old:label";
                	setAttr ".ftn" -type "string" "sourceimages/label.png";
                createNode file -n "disabled";
                	setAttr ".ftn" -type "string" "sourceimages/unused.png";
                	setAttr ".dfl" yes;
                createNode file -n "empty";
                	setAttr ".ftn" -type "string" "";
                createNode file -n "later";
                createNode transform -n "group";
                setAttr "later.fileTextureName" -type "string" "sourceimages/later.png";
                select -ne :defaultRenderGlobals;
                	setAttr ".ftn" -type "string" "not a file node";
                """;

        assertThat(SceneDependencies.of(scene)).containsExactly(
                new Dependency(DependencyKind.TEXTURE, "later", "fileTextureName", "sourceimages/later.png", 13));
    }

    @Test
    void relativePathsResolveAgainstTheProjectAndAbsoluteOnesStayAsTheyAre() {
        Path project = Path.of("/jobs/f-1/project/scenes");

        assertThat(ProjectFiles.resolve(project, "../sourceimages/x.png")).contains(Path.of("/jobs/f-1/project/sourceimages/x.png"));
        assertThat(ProjectFiles.resolve(project, "sourceimages\\x.png")).contains(Path.of("/jobs/f-1/project/scenes/sourceimages/x.png"));
        assertThat(ProjectFiles.resolve(project, "./tex/../x.png")).contains(Path.of("/jobs/f-1/project/scenes/x.png"));
        assertThat(ProjectFiles.resolve(project, "/net/assets/x.png")).contains(Path.of("/net/assets/x.png"));
        assertThat(ProjectFiles.resolve(project, "C:/proj/sourceimages/x.png")).as("no drive letters on this node").isEmpty();
    }

    @Test
    void aSequencePathStandsForTheFilesOfItsFolderThatMatchIt() throws Exception {
        Path textures = Files.createDirectories(dir.resolve("sourceimages"));
        for (String name : List.of("bricks.1001.tx", "bricks.1002.tx", "bricks.tx", "bricks.1001.png", "other.1001.tx")) {
            Files.writeString(textures.resolve(name), name);
        }

        assertThat(ProjectFiles.existing(ProjectFiles.resolve(dir, "sourceimages/bricks.<UDIM>.tx").orElseThrow()))
                .containsExactly(textures.resolve("bricks.1001.tx"), textures.resolve("bricks.1002.tx"));
        assertThat(ProjectFiles.existing(textures.resolve("bricks.tx"))).containsExactly(textures.resolve("bricks.tx"));
        assertThat(ProjectFiles.existing(textures.resolve("gone.tx"))).isEmpty();
        assertThat(ProjectFiles.existing(dir.resolve("nowhere/bricks.####.tx"))).isEmpty();
    }
}
