package cloud.yuntu.file.upload;

import static cloud.yuntu.file.Identities.asAdmin;
import static cloud.yuntu.file.Identities.asAgent;
import static cloud.yuntu.file.Identities.asUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import cloud.yuntu.file.FarmUrls;
import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.IndependentDigest;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.MayaScenes;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
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
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class SceneUploadTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}";

    @Inject
    FileConfig config;

    @Inject
    SceneUploadRoute route;

    private static final Path SCENES = MayaScenes.DIR;

    @ParameterizedTest
    @ValueSource(strings = {"Autodesk__maya-usd__test__testSamples__rhino_rig__anim_001.ma",
            "yamins81__cgkit__unittests__data__polycubescene.mb"})
    void storesARealSceneUnderANewIdWithVerifiedDigestsOwnedByTheUploader(String name) throws IOException {
        Path scene = SCENES.resolve(name);
        byte[] bytes = Files.readAllBytes(scene);
        IndependentDigest.Result expected = IndependentDigest.of(bytes);

        io.restassured.response.ValidatableResponse created = asUser("alice")
                .multiPart("file", scene.toFile(), "application/octet-stream")
                .post("/api/files/scenes")
                .then().statusCode(201).contentType(ContentType.JSON)
                .body("key", matchesPattern("scenes/" + today() + "/" + UUID_PATTERN + "/" + Pattern.quote(name)),
                        "size", equalTo(bytes.length), "sha256", equalTo(expected.sha256()),
                        "xxh64", equalTo(expected.xxh64()), "md5", equalTo(expected.md5()), "taskId", nullValue());
        String key = created.extract().path("key");
        created.header("Location", org.hamcrest.Matchers.endsWith("/api/files/objects?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8)));

        asUser("alice").queryParam("key", key).get("/api/files/objects")
                .then().statusCode(200).body("size", equalTo(bytes.length), "sha256", equalTo(expected.sha256()),
                        "owner", equalTo("alice"));
        String url = asUser("alice").contentType(ContentType.JSON).body(Map.of("key", key, "method", "GET"))
                .post("/api/files/presign").then().statusCode(200).extract().path("url");
        assertThat(FarmUrls.presigned().get(FarmUrls.reachable(url)).then().statusCode(200).extract().asByteArray()).isEqualTo(bytes);
    }

    @Test
    void everyUploadGetsItsOwnId() {
        String first = asUser("alice").multiPart("file", "shot.ma", new byte[] {1}).post("/api/files/scenes")
                .then().statusCode(201).extract().path("key");
        String second = asUser("alice").multiPart("file", "shot.ma", new byte[] {2}).post("/api/files/scenes")
                .then().statusCode(201).extract().path("key");
        assertThat(first).isNotEqualTo(second);
        // The first upload is untouched by the second of the same name.
        asUser("alice").queryParam("key", first).get("/api/files/objects").then().statusCode(200).body("size", equalTo(1));
    }

    @Test
    void aClientChosenTaskIdIsRefusedAndNothingIsStored() {
        String victim = asUser("alice").multiPart("file", "shot.ma", new byte[] {1, 2, 3}).post("/api/files/scenes")
                .then().statusCode(201).extract().path("key");
        String victimId = victim.split("/")[2];

        // The field before the file and after it, an id in use and an empty one: always 422 naming taskId.
        asUser("mallory").multiPart("taskId", victimId).multiPart("file", "shot.ma", new byte[] {6, 6, 6})
                .post("/api/files/scenes")
                .then().statusCode(422).contentType("application/problem+json")
                .body("status", equalTo(422), "errors[0].field", equalTo("taskId"));
        asUser("mallory").multiPart("file", "shot.ma", new byte[] {6, 6, 6}).multiPart("taskId", victimId)
                .post("/api/files/scenes")
                .then().statusCode(422).body("errors[0].field", equalTo("taskId"));
        asUser("mallory").multiPart("file", "shot.ma", new byte[] {6}).multiPart("taskId", "")
                .post("/api/files/scenes")
                .then().statusCode(422).body("errors[0].field", equalTo("taskId"));

        asUser("alice").queryParam("key", victim).get("/api/files/objects")
                .then().statusCode(200).body("size", equalTo(3), "owner", equalTo("alice"));
    }

    @Test
    void sanitizesTheClientFileName() {
        asUser("alice").multiPart("file", "..\\..\\evil dir/../my scene (v2).ma", new byte[] {1, 2, 3})
                .post("/api/files/scenes")
                .then().statusCode(201)
                .body("key", matchesPattern("scenes/" + today() + "/" + UUID_PATTERN + "/my_scene__v2_\\.ma"));
    }

    @Test
    void aMissingFilePartIsAProblemNamingFile() {
        asUser("alice").multiPart("note", "no scene here")
                .post("/api/files/scenes")
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("file"));
    }

    @Test
    void operatorsUploadScenesOfTheirOwnButAgentsUploadNone() {
        String key = asAdmin().multiPart("file", "shot.ma", new byte[] {1}).post("/api/files/scenes")
                .then().statusCode(201).extract().path("key");
        asUser("alice").queryParam("key", key).get("/api/files/objects").then().statusCode(404);
        asAgent("agent-1").multiPart("file", "shot.ma", new byte[] {1}).post("/api/files/scenes")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
    }

    @Test
    void spoolsNothingBeyondTheRequest() throws IOException {
        // The directory may hold files of other processes; only what these requests spooled counts.
        Set<Path> before;
        try (Stream<Path> present = Files.list(config.uploadSpool())) {
            before = present.collect(Collectors.toSet());
        }
        asUser("alice").multiPart("file", "kept.ma", new byte[4096]).post("/api/files/scenes").then().statusCode(201);
        asUser("alice").multiPart("file", "refused.ma", new byte[4096]).multiPart("taskId", UUID.randomUUID().toString())
                .post("/api/files/scenes").then().statusCode(422);
        asUser("alice").contentType(ContentType.JSON).body("{}").post("/api/files/scenes")
                .then().statusCode(415).contentType("application/problem+json");
        given().multiPart("file", "anonymous.ma", new byte[4096]).post("/api/files/scenes").then().statusCode(401);

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
