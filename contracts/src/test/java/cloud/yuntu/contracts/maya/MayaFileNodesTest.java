package cloud.yuntu.contracts.maya;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.maya.MayaFileNodes.FileAttribute;
import cloud.yuntu.contracts.scene.SceneReport.DependencyKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class MayaFileNodesTest {

    @Test
    void aFileNodesTextureIsNamedByBothItsAttributeNamesAndTilingOrFrameNumbersMakeItASequence() {
        assertThat(MayaFileNodes.of("file")).containsExactly(new FileAttribute(DependencyKind.TEXTURE,
                List.of("ftn", "fileTextureName"), List.of("uvt", "uvTilingMode", "ufe", "useFrameExtension")));
        assertThat(MayaFileNodes.of("file").getFirst().attribute()).isEqualTo("fileTextureName");
        assertThat(MayaFileNodes.isPathAttribute("file", "ftn")).isTrue();
        assertThat(MayaFileNodes.isPathAttribute("file", "fileTextureName")).isTrue();
        assertThat(MayaFileNodes.isPathAttribute("file", "uvTilingMode")).as("a flag, not a path").isFalse();
    }

    @Test
    void eachKindOfFileHasItsNodeTypesWithTheAttributeTheyAreReportedBy() {
        assertThat(kindAndAttribute("aiImage")).isEqualTo("TEXTURE filename");
        assertThat(kindAndAttribute("RedshiftNormalMap")).isEqualTo("TEXTURE tex0");
        assertThat(kindAndAttribute("aiStandIn")).isEqualTo("STAND_IN dso");
        assertThat(kindAndAttribute("AlembicNode")).isEqualTo("ALEMBIC abc_File");
        assertThat(kindAndAttribute("gpuCache")).isEqualTo("GPU_CACHE cacheFileName");
        assertThat(kindAndAttribute("RedshiftProxyMesh")).isEqualTo("PROXY fileName");
        assertThat(kindAndAttribute("VRayProxy")).isEqualTo("PROXY fileName");
        assertThat(kindAndAttribute("cacheFile")).isEqualTo("CACHE cachePath");
        assertThat(kindAndAttribute("RedshiftVolumeShape")).isEqualTo("CACHE fileName");
        assertThat(kindAndAttribute("imagePlane")).isEqualTo("IMAGE_PLANE imageName");
        assertThat(kindAndAttribute("audio")).isEqualTo("AUDIO filename");
        assertThat(kindAndAttribute("mayaUsdProxyShape")).isEqualTo("OTHER filePath");
        assertThat(MayaFileNodes.isPathAttribute("AlembicNode", "fn")).isTrue();
    }

    @Test
    void nodeTypesThatLoadNoFileAreNotCovered() {
        assertThat(MayaFileNodes.covers("mesh")).isFalse();
        assertThat(MayaFileNodes.of("transform")).isEmpty();
        assertThat(MayaFileNodes.isPathAttribute("transform", "fileTextureName")).isFalse();
        assertThat(MayaFileNodes.covers("File")).as("Maya's type names are case-sensitive").isFalse();
        assertThat(MayaFileNodes.nodeTypes()).contains("file", "psdFileTex", "PxrTexture", "aiVolume")
                .allMatch(MayaFileNodes::covers);
    }

    @Test
    void everyNodeTypeLoadsAtLeastOneFileThroughAShortAndLongNameOrOneName() {
        for (String type : MayaFileNodes.nodeTypes()) {
            assertThat(MayaFileNodes.of(type)).as(type).isNotEmpty()
                    .allSatisfy(file -> assertThat(file.names()).hasSizeBetween(1, 2).doesNotHaveDuplicates());
        }
    }

    @Test
    void aCacheFileLoadsTheDescriptionItsPathAndNameMakeWithOrWithoutATrailingSlash() {
        assertThat(MayaFileNodes.cacheDescription("cache/fluid", "smoke")).isEqualTo("cache/fluid/smoke.xml");
        assertThat(MayaFileNodes.cacheDescription("cache/fluid/", "smoke")).isEqualTo("cache/fluid/smoke.xml");
        assertThat(MayaFileNodes.cacheDescription("cache", null)).isEqualTo("cache/.xml");
        assertThat(MayaFileNodes.CACHE_NAME).containsExactly("cn", "cacheName");
        assertThat(MayaFileNodes.DISABLE_FILE_LOAD).containsExactly("dfl", "disableFileLoad");
    }

    private static String kindAndAttribute(String nodeType) {
        FileAttribute file = MayaFileNodes.of(nodeType).getFirst();
        return file.kind() + " " + file.attribute();
    }
}
