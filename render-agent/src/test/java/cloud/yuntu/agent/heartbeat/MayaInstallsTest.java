package cloud.yuntu.agent.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.agent.heartbeat.MayaInstalls.Layout;
import cloud.yuntu.agent.heartbeat.MayaInstalls.MayaInstall;
import cloud.yuntu.agent.heartbeat.MayaInstalls.Module;
import cloud.yuntu.contracts.agent.AgentHeartbeat.RendererVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fake installations laid out as Maya's installers lay them out, in a temporary folder. */
class MayaInstallsTest {

    @TempDir
    Path root;
    Path autodesk;
    Path modules;
    Layout linux;

    @BeforeEach
    void layout() {
        autodesk = root.resolve("usr/autodesk");
        modules = autodesk.resolve("modules/maya");
        linux = new Layout(List.of(autodesk), List.of(modules), List.of(), "linux");
    }

    private Path maya(Path parent, String folder, String render) throws IOException {
        Path home = parent.resolve(folder);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("bin").resolve(render), "#!/bin/sh\n");
        return home;
    }

    private void mod(Path dir, String file, String text) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(file), text);
    }

    @Test
    void usualPathsGiveEachMayaWithItsRenderersNewestFirst() throws IOException {
        Path maya2024 = maya(autodesk, "maya2024", "Render");
        Path maya2025 = maya(autodesk, "maya2025", "Render");
        Files.createDirectories(autodesk.resolve("maya2023/bin")); // uninstalled: no Render left
        Files.createDirectories(autodesk.resolve("mtoa"));
        mod(modules.resolve("2025"), "mtoa.mod", """
                + mtoa 5.4.5 /usr/autodesk/arnold/maya2025
                PATH +:= bin
                MAYA_CUSTOM_TEMPLATE_PATH +:= scripts/mtoa/ui/templates
                """);
        mod(modules.resolve("2024"), "mtoa.mod", "+ mtoa 5.3.5.2 /usr/autodesk/arnold/maya2024\n");
        mod(modules, "redshift4maya.mod", """
                + MAYAVERSION:2024 redshift4maya any /usr/redshift/redshift4maya/2024
                + MAYAVERSION:2025 redshift4maya any /usr/redshift/redshift4maya/2025
                """);

        List<MayaInstall> installs = MayaInstalls.discover(List.of(), linux);

        assertThat(installs).extracting(MayaInstall::version).containsExactly("2025", "2024");
        assertThat(installs.getFirst().home()).isEqualTo(maya2025);
        assertThat(installs.getFirst().render()).isEqualTo(maya2025.resolve("bin/Render"));
        assertThat(installs.getFirst().renderers()).containsExactly(new RendererVersion("mayaSoftware", "2025"),
                new RendererVersion("mayaHardware2", "2025"), new RendererVersion("arnold", "5.4.5"),
                new RendererVersion("redshift", "unknown"));
        assertThat(installs.get(1).home()).isEqualTo(maya2024);
        assertThat(installs.get(1).renderers()).contains(new RendererVersion("arnold", "5.3.5.2"));
    }

    @Test
    void configuredLocationsAndTheirOwnModulesWithConditionsHonoured() throws IOException {
        Path opt = maya(root.resolve("opt"), "maya2026", "Render");
        mod(opt.resolve("modules"), "vrayformaya.mod", """
                + MAYAVERSION:2026 PLATFORM:linux vrayformaya 7.00.01 /opt/maya2026/vray
                + MAYAVERSION:2026 PLATFORM:win64 vrayformaya 6.99 C:\\Program Files\\Chaos\\V-Ray
                """);
        mod(opt.resolve("modules"), "RenderMan_for_Maya.mod",
                "+ MAYAVERSION:2025 RenderMan_for_Maya 26.3 /opt/pixar/RenderManForMaya-26.3\n");
        Path odd = maya(root.resolve("srv"), "custom-build", "Render");

        List<MayaInstall> installs = MayaInstalls.discover(List.of(opt.resolve("bin/Render"), odd,
                root.resolve("nothing-here")), linux);

        assertThat(installs).extracting(MayaInstall::home).containsExactly(opt, odd);
        // RenderMan's module is for Maya 2025 only; V-Ray's Windows line is not this node's.
        assertThat(installs.getFirst().renderers()).containsExactly(new RendererVersion("mayaSoftware", "2026"),
                new RendererVersion("mayaHardware2", "2026"), new RendererVersion("vray", "7.00.01"));
        assertThat(installs.get(1).version()).isEqualTo("unknown");
    }

    @Test
    void windowsInstallationsHaveRenderExeAndMayaInCapitals() throws IOException {
        Path programFiles = root.resolve("Program Files/Autodesk");
        Path maya = maya(programFiles, "Maya2025", "Render.exe");
        Path shared = root.resolve("Program Files/Common Files/Autodesk Shared/Modules/maya");
        mod(shared.resolve("2025"), "mtoa.mod", "+ PLATFORM:win64 mtoa 5.4.5 C:\\Program Files\\Autodesk\\Arnold\\maya2025\n");
        Path modulePath = root.resolve("studio/modules");
        mod(modulePath, "redshift4maya.mod", "+ MAYAVERSION:2025 redshift4maya 3.6.04 C:\\ProgramData\\redshift\\Plugins\\Maya\\Common\n");

        List<MayaInstall> installs = MayaInstalls.discover(List.of(),
                new Layout(List.of(programFiles), List.of(shared), List.of(modulePath), "win64"));

        assertThat(installs).singleElement().satisfies(install -> {
            assertThat(install.render()).isEqualTo(maya.resolve("bin/Render.exe"));
            assertThat(install.version()).isEqualTo("2025");
            assertThat(install.renderers()).contains(new RendererVersion("arnold", "5.4.5"),
                    new RendererVersion("redshift", "3.6.04"));
        });
    }

    @Test
    void noInstallationAnywhereIsNone() {
        assertThat(MayaInstalls.discover(List.of(), linux)).isEmpty();
    }

    @Test
    void moduleLinesAreReadAsMayaReadsThem() throws IOException {
        mod(root, "x.mod", """
                // a comment
                + mtoa 5.4.5 /a
                - MAYAVERSION:2025 LOCALE:ja_JP mtoa 5.4.5-ja /b
                +:= PATH /c
                + MAYAVERSION:2024 mtoa 5.3 /d
                + incomplete
                """);

        assertThat(MayaInstalls.readModule(root.resolve("x.mod"), "2025", "linux"))
                .containsExactly(new Module("mtoa", "5.4.5"), new Module("mtoa", "5.4.5-ja"));
        assertThat(MayaInstalls.compareVersions("2025", "2024")).isPositive();
        assertThat(MayaInstalls.compareVersions("2024.2", "2024")).isPositive();
        assertThat(MayaInstalls.compareVersions("unknown", "2018")).isNegative();
    }
}
