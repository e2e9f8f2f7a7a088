package cloud.yuntu.file.upload;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import cloud.yuntu.file.FarmUrls;
import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.IndependentDigest;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.MayaScenes;
import cloud.yuntu.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
class SceneUploadTest {

    @Inject
    FileConfig config;

    @Inject
    SceneUploadRoute route;

    private static final Path SCENES = MayaScenes.DIR;

    @ParameterizedTest
    @ValueSource(strings = {"Autodesk__maya-usd__test__testSamples__rhino_rig__anim_001.ma",
            "yamins81__cgkit__unittests__data__polycubescene.mb"})
    void storesARealSceneUnderItsTaskWithVerifiedDigests(String name) throws IOException {
        Path scene = SCENES.resolve(name);
        byte[] bytes = Files.readAllBytes(scene);
        IndependentDigest.Result expected = IndependentDigest.of(bytes);
        UUID taskId = UUID.randomUUID();
        String key = "scenes/" + today() + "/" + taskId + "/" + name;

        given().multiPart("file", scene.toFile(), "application/octet-stream").multiPart("taskId", taskId.toString())
                .post("/api/files/scenes")
                .then().statusCode(201).contentType(ContentType.JSON)
                .header("Location", org.hamcrest.Matchers.endsWith(
                        "/api/files/objects?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8)))
                .body("taskId", equalTo(taskId.toString()), "key", equalTo(key), "size", equalTo(bytes.length),
                        "sha256", equalTo(expected.sha256()), "xxh64", equalTo(expected.xxh64()),
                        "md5", equalTo(expected.md5()));

        given().queryParam("key", key).get("/api/files/objects")
                .then().statusCode(200).body("size", equalTo(bytes.length), "sha256", equalTo(expected.sha256()));
        String url = given().contentType(ContentType.JSON).body(Map.of("key", key, "method", "GET"))
                .post("/api/files/presign").then().statusCode(200).extract().path("url");
        assertThat(given().get(FarmUrls.reachable(url)).then().statusCode(200).extract().asByteArray()).isEqualTo(bytes);
    }

    @Test
    void generatesATaskIdWhenNoneIsGiven() {
        String taskId = given().multiPart("file", "shot.ma", "//Maya ASCII 2024 scene\n".getBytes())
                .post("/api/files/scenes")
                .then().statusCode(201)
                .body("key", matchesPattern("scenes/\\d{8}/[0-9a-f-]{36}/shot\\.ma"))
                .extract().path("taskId");
        assertThat(UUID.fromString(taskId)).isNotNull();
    }

    @Test
    void sanitizesTheClientFileName() {
        UUID taskId = UUID.randomUUID();
        given().multiPart("file", "..\\..\\evil dir/../my scene (v2).ma", new byte[] {1, 2, 3})
                .multiPart("taskId", taskId.toString())
                .post("/api/files/scenes")
                .then().statusCode(201).body("key", equalTo("scenes/" + today() + "/" + taskId + "/my_scene__v2_.ma"));
    }

    @Test
    void aMissingFilePartIsAProblemNamingFile() {
        given().multiPart("taskId", UUID.randomUUID().toString())
                .post("/api/files/scenes")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("file"));
    }

    @Test
    void aTaskIdThatIsNoUuidIsAProblemNamingTaskId() {
        given().multiPart("file", "shot.ma", new byte[] {1}).multiPart("taskId", "task-42")
                .post("/api/files/scenes")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("taskId"));
    }

    @Test
    void spoolsNothingBeyondTheRequest() throws IOException {
        // The directory may hold files of other processes; only what these requests spooled counts.
        Set<Path> before;
        try (Stream<Path> present = Files.list(config.uploadSpool())) {
            before = present.collect(Collectors.toSet());
        }
        given().multiPart("file", "kept.ma", new byte[4096]).post("/api/files/scenes").then().statusCode(201);
        given().multiPart("file", "refused.ma", new byte[4096]).multiPart("taskId", "not-a-uuid")
                .post("/api/files/scenes").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{}").post("/api/files/scenes")
                .then().statusCode(415).contentType("application/problem+json");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Stream<Path> left = Files.list(config.uploadSpool())) {
                assertThat(left.filter(f -> !before.contains(f))).as("spool files left behind").isEmpty();
            }
        });
    }

    @Test
    void spoolFilesOfADeadProcessAreRemovedButLiveOnesKept() throws IOException {
        Path abandoned = config.uploadSpool().resolve(UUID.randomUUID() + ".part");
        Path live = config.uploadSpool().resolve(UUID.randomUUID() + ".part");
        Files.write(abandoned, new byte[16]);
        Files.write(live, new byte[16]);
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        try {
            route.removeAbandonedSpoolFiles();

            assertThat(abandoned).doesNotExist();
            assertThat(live).exists();
        } finally {
            Files.deleteIfExists(abandoned);
            Files.deleteIfExists(live);
        }
    }

    private static String today() {
        return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
    }
}
