package cloud.yuntu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.local.LocalFarm;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scene's project files travel by content: the artist's tool uploads only what the farm lacks, the
 * task lists every file by path and SHA-256, and an agent whose cache never saw them fetches and lays
 * them out where the scene looks for them, so Arnold finds its textures and Maya its reference.
 */
@ExtendWith({FarmUnderTest.class, FarmLogsOnFailure.class})
class ProjectFilesEndToEndTest {

    private static final Duration RENDER = Duration.ofMinutes(4);

    static String gateway;
    static TaskApi api;
    static ProjectUpload uploads;

    @TempDir
    Path work;

    @BeforeAll
    static void farm(LocalFarm farm) {
        gateway = farm.url(FarmService.GATEWAY).toString();
        String token = farm.tokens().user("project-files");
        api = new TaskApi(gateway, token);
        uploads = new ProjectUpload(gateway, token);
    }

    @Test
    void aTexturedSceneWithAReferenceRendersFromFetchedFilesAndAnUnchangedProjectUploadsNothingAgain() throws Exception {
        Project project = Project.write(work.resolve("project"));
        String sceneKey = api.upload(project.scene()).getString("key");

        // Without its files the same scene cannot render: Arnold stops on the missing texture.
        UUID bare = api.submit(Map.of("sceneKey", sceneKey, "frames", "1-2", "allowMissing", true));
        JsonPath failed = api.awaitStatus(bare, "FAILED", RENDER);
        assertThat(failed.getString("failureReason")).contains("[texturesys]").contains("grid.png");

        List<Path> cached = cachedContents();
        ProjectUpload.Outcome first = uploads.send(project.scenes(), project.files());
        assertThat(first.assets()).extracting(ProjectUpload.Asset::path)
                .containsExactly("../sourceimages/grid.png", "../sourceimages/wood.png", "../assets/prop.ma");
        assertThat(first.uploaded()).isEqualTo(3);
        assertThat(cached).as("no agent ever held these new contents")
                .noneMatch(p -> first.assets().stream().anyMatch(a -> p.getFileName().toString().equals(a.sha256())));

        UUID textured = api.submit(Map.of("sceneKey", sceneKey, "frames", "1-2", "imageFormat", "png", "assets", first.json()));
        api.awaitStatus(textured, "COMPLETED", RENDER);
        assertThat(cachedContents()).extracting(p -> p.getFileName().toString()).as("fetched into an agent's cache")
                .containsAll(first.assets().stream().map(ProjectUpload.Asset::sha256).toList());
        int band = bandColour(textured);

        // The artist submits the unchanged project again: nothing is uploaded, and it renders the same.
        ProjectUpload.Outcome again = uploads.send(project.scenes(), project.files());
        assertThat(again.uploaded()).isZero();
        assertThat(again.bytesUploaded()).isZero();
        assertThat(again.assets()).isEqualTo(first.assets());
        UUID resubmitted = api.submit(Map.of("sceneKey", sceneKey, "frames", "1-2", "imageFormat", "png", "assets", again.json()));
        api.awaitStatus(resubmitted, "COMPLETED", RENDER);
        assertThat(bandColour(resubmitted)).as("the image shows the same files were read").isEqualTo(band);
    }

    /**
     * The colour of the band the simulated renderer paints from the digest of every project file it read
     * (its bottom rows), in the task's first result.
     */
    private static int bandColour(UUID taskId) throws IOException {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.results(taskId).getList("key").size() == 2);
        String url = api.results(taskId).getString("[0].url");
        byte[] bytes = io.restassured.RestAssured.given().urlEncodingEnabled(false).get(url).then().statusCode(200)
                .extract().asByteArray();
        BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        assertThat(decoded).as("a PNG result").isNotNull();
        return decoded.getRGB(decoded.getWidth() / 2, decoded.getHeight() - 1);
    }

    /** Every content some agent of the farm holds in its cache. */
    private static List<Path> cachedContents() throws IOException {
        Path agents = FarmUnderTest.DATA_DIR.resolve("agents");
        if (!Files.isDirectory(agents)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(agents)) {
            return files.filter(p -> p.getParent() != null && p.getParent().endsWith(Path.of("cache", "sha256")))
                    .filter(Files::isRegularFile).toList();
        }
    }

    /**
     * A Maya project as an artist has it: {@code scenes/shot.ma} (a real scene rendered by Arnold) reads
     * {@code ../sourceimages/grid.png} and references {@code ../assets/prop.ma}, whose own texture is
     * {@code ../sourceimages/wood.png}; both textures new bytes every run.
     */
    private record Project(Path scenes, Path scene, List<Path> files) {

        static Project write(Path root) throws IOException {
            Path scenes = Files.createDirectories(root.resolve("scenes"));
            Path scene = scenes.resolve("shot.ma");
            Files.copy(Scenes.CORPUS.resolve(Scenes.BASE), scene);
            Files.writeString(scene, """
                    file -rdi 1 -ns "prop" -rfn "propRN" -typ "mayaAscii" "../assets/prop.ma";
                    file -r -ns "prop" -dr 1 -rfn "propRN" -typ "mayaAscii" "../assets/prop.ma";
                    select -ne :defaultRenderGlobals;
                    	setAttr ".ren" -type "string" "arnold";
                    	setAttr ".an" yes;
                    	setAttr ".fs" 1;
                    	setAttr ".ef" 2;
                    select -ne :defaultResolution;
                    	setAttr ".w" 160;
                    	setAttr ".h" 90;
                    createNode file -n "gridFile";
                    	setAttr ".ftn" -type "string" "../sourceimages/grid.png";
                    fileInfo "yuntu.simulate.msPerFrame" "200";
                    """, StandardOpenOption.APPEND);
            Path grid = texture(root.resolve("sourceimages/grid.png"));
            Path wood = texture(root.resolve("sourceimages/wood.png"));
            Path prop = Files.createDirectories(root.resolve("assets")).resolve("prop.ma");
            Files.writeString(prop, """
                    //Maya ASCII 2025ff01 scene
                    //Name: prop.ma
                    requires maya "2025ff01";
                    createNode transform -n "crate";
                    createNode mesh -n "crateShape" -p "crate";
                    createNode file -n "woodFile";
                    	setAttr ".ftn" -type "string" "../sourceimages/wood.png";
                    // End of prop.ma
                    """);
            return new Project(scenes, scene, List.of(grid, wood, prop));
        }

        private static Path texture(Path file) throws IOException {
            Files.createDirectories(file.getParent());
            BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
            Random random = new Random();
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    image.setRGB(x, y, random.nextInt(1 << 24));
                }
            }
            ImageIO.write(image, "png", file.toFile());
            return file;
        }
    }
}
