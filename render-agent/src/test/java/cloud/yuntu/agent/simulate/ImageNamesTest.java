package cloud.yuntu.agent.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImageNamesTest {

    private static RenderFlags flags(String... args) {
        return RenderFlags.parse(args);
    }

    @Test
    void expandsMayasTokensIntoSubfolders() {
        assertThat(ImageNames.expand("<Scene>/<RenderLayer>/<Camera>_<RenderPass>", "shot", "rs_fg", "shotCam", "exr"))
                .isEqualTo("shot/fg/shotCam_beauty");
        assertThat(ImageNames.expand("<Layer>/<Scene>.<Extension>", "shot", "bg", null, "png")).isEqualTo("bg/shot.png");
        assertThat(ImageNames.expand("<scene>_<renderlayer>", "shot", "bg", null, "png")).as("any case").isEqualTo("shot_bg");
    }

    @Test
    void theDefaultLayerIsMayasMasterLayerAndNoLayerIsTheDefaultOne() {
        assertThat(ImageNames.expand("<RenderLayer>/x", "s", "defaultRenderLayer", null, "png")).isEqualTo("masterLayer/x");
        assertThat(ImageNames.expand("<RenderLayer>/x", "s", null, null, "png")).isEqualTo("masterLayer/x");
        assertThat(ImageNames.layerName("rs_")).as("nothing after rs_: the node name itself").isEqualTo("rs_");
        assertThat(ImageNames.layerName("characters")).isEqualTo("characters");
    }

    @Test
    void camerasLoseTheirDagPathAndNamespaceColons() {
        assertThat(ImageNames.cameraName("|rig|shotCam")).isEqualTo("shotCam");
        assertThat(ImageNames.cameraName("set:cam01")).isEqualTo("set_cam01");
        assertThat(ImageNames.cameraName(null)).isEqualTo("persp");
    }

    @Test
    void aVersionLabelTheSceneDoesNotSetAndUnknownTokensExpandToNothing() {
        assertThat(ImageNames.expand("<Scene>_v<Version>_<Shot>", "shot", null, null, "png")).isEqualTo("shot_v_");
    }

    @Test
    void withoutImThImagesAreNamedAfterTheScene() {
        RenderFlags noPrefix = flags("-s", "7", "-e", "7", "-rl", "fg", Path.of("/w/scene/shot.ma").toString());
        RenderFlags prefix = flags("-im", "<RenderLayer>/<Scene>", "-pad", "3", "-rl", "fg", "/w/shot.v2.mb");

        assertThat(ImageNames.imagePath(noPrefix, 7, "png")).isEqualTo("shot.0007.png");
        assertThat(ImageNames.imagePath(prefix, 12, "exr")).isEqualTo("fg/shot.v2.012.exr");
    }

    @Test
    void aPathOutOfTheRenderDirectoryIsNamed() {
        assertThat(ImageNames.escapes("fg/shot.0001.png")).isNull();
        assertThat(ImageNames.escapes("../shot.0001.png")).isNotNull();
        assertThat(ImageNames.escapes("a/../../b.png")).isNotNull();
        assertThat(ImageNames.escapes("/etc/shot.0001.png")).isNotNull();
    }
}
