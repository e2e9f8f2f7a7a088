package cloud.yuntu.scene.api;

import cloud.yuntu.contracts.problem.Problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import cloud.yuntu.scene.Corpus;
import cloud.yuntu.scene.FileServiceDouble;
import cloud.yuntu.scene.HostileScenes;
import cloud.yuntu.scene.report.AnalysisSlots;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import cloud.yuntu.testsupport.InjectDatabase;
import cloud.yuntu.testsupport.InjectTokens;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TestDatabase;
import cloud.yuntu.testsupport.TestTokens;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(FileServiceDouble.class)
@QuarkusTestResource(TokenResource.class)
class SceneResourceTest {

    @InjectDatabase
    TestDatabase db;

    @InjectTokens
    TestTokens tokens;

    @Inject
    AnalysisSlots slots;

    private static Path temp(String name, byte[] bytes) throws Exception {
        Path dir = Files.createTempDirectory("hostile");
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void hostileScenesAreRefusedWith422AndTheServiceStaysUp() throws Exception {
        Path layers = temp("layers.ma", HostileScenes.layersAndCameras(3000, 3000));
        Path product = temp("product.ma", HostileScenes.layersAndCameras(150, 900));

        as("alice").multiPart("file", layers.toFile())
                .when().post("/api/scenes/analyse")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("https://yuntu.cloud/problems/scene-limit-exceeded"))
                .body("errors[0].field", equalTo("file"))
                .body("errors[0].message", equalTo("the scene has 3001 render layers; at most 200 are analysed"))
                .body("offset", nullValue());
        as("alice").multiPart("file", product.toFile())
                .when().post("/api/scenes/analyse")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("file"))
                .body("detail", startsWith("the report of this scene would be larger than 524288 bytes"));

        // Several at once: each is refused (or, with every analysis slot taken, told to come back); none is served.
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Path scene = i % 2 == 0 ? layers : product;
                answers.add(pool.submit(() -> as("alice").multiPart("file", scene.toFile())
                        .when().post("/api/scenes/analyse").then().extract().statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(2, TimeUnit.MINUTES));
            }
            assertThat(statuses).allMatch(s -> s == 422 || s == 503).contains(422);
        } finally {
            pool.shutdownNow();
        }

        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        assertThat(slots.free()).isEqualTo(2);
        as("alice").multiPart("file", corpus("OpenPBRShowcase.ma").toFile())
                .when().post("/api/scenes/analyse")
                .then().statusCode(200)
                .body("layers[0].resolution.width", equalTo(1920));
    }

    @Test
    void withEverySlotTakenANewSceneIsAnswered503WithRetryAfterAndAKnownOneStillServed() throws Exception {
        Path known = temp("known.ma", ("//Maya ASCII 2024 scene\n// " + java.util.UUID.randomUUID() + "\n").getBytes());
        Path fresh = temp("fresh.ma", ("//Maya ASCII 2024 scene\n// " + java.util.UUID.randomUUID() + "\n").getBytes());
        as("alice").multiPart("file", known.toFile()).when().post("/api/scenes/analyse").then().statusCode(200);
        int taken = 0;
        while (slots.tryTake()) {
            taken++;
        }
        try {
            as("alice").multiPart("file", fresh.toFile())
                    .when().post("/api/scenes/analyse")
                    .then().statusCode(503).contentType(Problem.MEDIA_TYPE)
                    .header("Retry-After", equalTo("5"))
                    .body("type", equalTo("https://yuntu.cloud/problems/analyses-busy"));
            // A report known by its content needs no slot.
            as("alice").multiPart("file", known.toFile()).when().post("/api/scenes/analyse").then().statusCode(200)
                    .body("layers[0].imagePrefix", equalTo("known"));
        } finally {
            for (int i = 0; i < taken; i++) {
                slots.give();
            }
        }
        as("alice").multiPart("file", fresh.toFile()).when().post("/api/scenes/analyse").then().statusCode(200)
                .body("layers[0].imagePrefix", equalTo("fresh"));
    }

    @Test
    void aNulInACameraNameIsReportedAndStoredNotA500() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("//Maya ASCII 2020 scene\n//Codeset: 936\n// " + java.util.UUID.randomUUID()
                + "\ncreateNode transform -n \"c").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(0x81);
        out.write(0);
        out.writeBytes("m\";\ncreateNode camera -n \"camShape\" -p \"c".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(0x81);
        out.write(0);
        out.writeBytes("m\";\ncreateNode transform -n \"line\\nbreak\";\ncreateNode camera -n \"lShape\" -p \"line\\nbreak\";\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Path scene = temp("nul.ma", out.toByteArray());
        for (int i = 0; i < 2; i++) { // analysed and stored, then answered from the catalog
            as("alice").multiPart("file", scene.toFile())
                    .when().post("/api/scenes/analyse")
                    .then().statusCode(200)
                    .body("cameras.name", org.hamcrest.Matchers.contains("c\uFFFD\uFFFDm", "line\uFFFDbreak"))
                    .body("warnings.findAll { it.code == 'unsafe-name' }.node",
                            org.hamcrest.Matchers.containsInAnyOrder("c\uFFFD\uFFFDm", "line\uFFFDbreak"));
        }
    }

    private RequestSpecification as(String user) {
        return given().auth().oauth2(tokens.user(user));
    }

    private static Path corpus(String suffix) {
        return Corpus.files().stream().filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElseThrow();
    }

    @Test
    void uploadIsAnalysedOnceAndAnsweredFromTheCatalogAfterwards() throws Exception {
        Path scene = corpus("anim_001.ma");
        for (int i = 0; i < 2; i++) {
            as("alice").multiPart("file", scene.toFile()).multiPart("uploadedPaths", "textures/a.png\nrig/other.ma")
                    .when().post("/api/scenes/analyse")
                    .then().statusCode(200)
                    .body("file.format", equalTo("ma"))
                    .body("file.mayaVersion", equalTo("2022"))
                    .body("references[0].namespace", equalTo("rhino_rig_030"))
                    .body("warnings.code", hasItem("missing-dependency"));
        }
        String sha = (String) as("alice").multiPart("file", scene.toFile()).when().post("/api/scenes/analyse")
                .then().statusCode(200).extract().path("file.sha256");
        try (var c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                var s = c.prepareStatement("SELECT count(*) FROM scene.scene_report WHERE sha256 = ?")) {
            s.setString(1, sha);
            var rows = s.executeQuery();
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void aReportOfAnOlderAnalysisIsNotServedButReplaced() throws Exception {
        Path scene = temp("old.ma", ("//Maya ASCII 2024 scene\n// " + java.util.UUID.randomUUID() + "\n").getBytes());
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(scene)));
        String stale = "{\"file\":{\"name\":\"old.ma\",\"format\":\"ma\",\"sizeBytes\":1,\"sha256\":\"" + sha
                + "\"},\"units\":{},\"plugins\":[],\"renderer\":\"stale\",\"layers\":[],\"cameras\":[],"
                + "\"dependencies\":[],\"references\":[],\"warnings\":[]}";
        try (var c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                var s = c.prepareStatement("INSERT INTO scene.scene_report (sha256, size_bytes, format, report, analysed_at, "
                        + "analysis_version) VALUES (?, 1, 'ma', ?::jsonb, now(), 1)")) {
            s.setString(1, sha);
            s.setString(2, stale);
            s.executeUpdate();
        }
        as("alice").multiPart("file", scene.toFile()).when().post("/api/scenes/analyse")
                .then().statusCode(200).body("renderer", equalTo("mayaSoftware"));
        try (var c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                var s = c.prepareStatement("SELECT analysis_version, report->>'renderer' FROM scene.scene_report WHERE sha256 = ?")) {
            s.setString(1, sha);
            var rows = s.executeQuery();
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(cloud.yuntu.scene.analysis.SceneAnalyser.VERSION);
            assertThat(rows.getString(2)).isEqualTo("mayaSoftware");
        }
    }

    @Test
    void withoutUploadedPathsNothingIsMissing() {
        as("alice").multiPart("file", corpus("TextureTest.ma").toFile())
                .when().post("/api/scenes/analyse")
                .then().statusCode(200)
                .body("renderer", equalTo("arnold"))
                .body("warnings.code.findAll { it == 'missing-dependency' }.size()", equalTo(0));
    }

    @Test
    void aBrokenSceneIsAProblemNamingTheFieldAndOffset() throws Exception {
        Path broken = Files.createTempFile("broken", ".ma");
        Files.writeString(broken, "//Maya ASCII 2024 scene\ncreateNode file -n \"f\";\n\tsetAttr \".ftn\" -type \"string\" \"a");
        as("alice").multiPart("file", broken.toFile())
                .when().post("/api/scenes/analyse")
                .then().statusCode(422)
                .contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("file"))
                .body("type", equalTo("https://yuntu.cloud/problems/scene-truncated"))
                .body("offset", equalTo(Files.readAllBytes(broken).length));
    }

    @Test
    void aMissingFilePartNamesTheField() {
        as("alice").multiPart("uploadedPaths", "a.png")
                .when().post("/api/scenes/analyse")
                .then().statusCode(422)
                .contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("file"));
    }

    @Test
    void aStoredSceneIsFetchedThroughPresignOnceThenServedByItsDigest() {
        String key = "scenes/20260101/5b0c4d8e-0000-4000-8000-000000000001/"
                + corpus("rig.layout.mb").getFileName();
        FileServiceDouble.own(key, "alice");
        int before = FileServiceDouble.DOWNLOADS.get();
        for (int i = 0; i < 3; i++) {
            as("alice").contentType(ContentType.JSON).body(Map.of("key", key))
                    .when().post("/api/scenes/analyse")
                    .then().statusCode(200)
                    .body("file.format", equalTo("mb"))
                    .body("file.name", equalTo(corpus("rig.layout.mb").getFileName().toString()))
                    .body("plugins[0].name", equalTo("stereoCamera"));
        }
        assertThat(FileServiceDouble.DOWNLOADS.get() - before).isEqualTo(1);
        // file-service was asked with alice's own token, so it applied her ownership.
        assertThat(FileServiceDouble.CALLS).contains("alice [] objects " + key, "alice [] presign " + key);
    }

    @Test
    void anotherUsersSceneIsNotFoundEvenWhenItsReportIsKnown() {
        String key = "scenes/20260101/5b0c4d8e-0000-4000-8000-000000000002/" + corpus("TextureTest.ma").getFileName();
        FileServiceDouble.own(key, "alice");
        as("alice").contentType(ContentType.JSON).body(Map.of("key", key))
                .when().post("/api/scenes/analyse")
                .then().statusCode(200);
        int before = FileServiceDouble.DOWNLOADS.get();

        as("bob").contentType(ContentType.JSON).body(Map.of("key", key))
                .when().post("/api/scenes/analyse")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("key"))
                .body("file", nullValue())
                .body("renderer", nullValue());
        // A forged user header changes nothing: the token names the caller.
        as("bob").header("X-Yuntu-User", "alice").contentType(ContentType.JSON).body(Map.of("key", key))
                .when().post("/api/scenes/analyse")
                .then().statusCode(404);

        assertThat(FileServiceDouble.DOWNLOADS.get()).isEqualTo(before);
        assertThat(FileServiceDouble.CALLS).contains("bob [] objects " + key);
        given().auth().oauth2(tokens.admin("operator")).contentType(ContentType.JSON).body(Map.of("key", key))
                .when().post("/api/scenes/analyse")
                .then().statusCode(200).body("renderer", equalTo("arnold"));
    }

    @Test
    void everyEndpointRefusesAMissingOrBadTokenWithProblemJson() {
        String key = "scenes/20260101/5b0c4d8e-0000-4000-8000-000000000003/" + corpus("TextureTest.ma").getFileName();
        FileServiceDouble.own(key, "alice");
        Path scene = corpus("TextureTest.ma");
        List<RequestSpecification> callers = List.of(
                given(),
                given().header("X-Yuntu-User", "alice"),
                given().auth().oauth2(tokens.expired("alice")),
                given().auth().oauth2(tokens.signedByAnotherKey("alice")),
                given().auth().oauth2(tokens.unsigned("alice")),
                given().auth().oauth2(tokens.tampered("mallory", "alice")));
        int before = FileServiceDouble.DOWNLOADS.get();
        for (RequestSpecification caller : callers) {
            caller.contentType(ContentType.JSON).body(Map.of("key", key))
                    .when().post("/api/scenes/analyse")
                    .then().statusCode(401).contentType(Problem.MEDIA_TYPE);
        }
        for (RequestSpecification caller : List.of(given(), given().auth().oauth2(tokens.expired("alice")),
                given().auth().oauth2(tokens.unsigned("alice")))) {
            caller.multiPart("file", scene.toFile())
                    .when().post("/api/scenes/analyse")
                    .then().statusCode(401).contentType(Problem.MEDIA_TYPE);
        }
        assertThat(FileServiceDouble.DOWNLOADS.get()).isEqualTo(before);
        assertThat(FileServiceDouble.CALLS).noneMatch(c -> c.endsWith(" " + key));
    }

    @Test
    void storedSceneProblems() {
        FileServiceDouble.own("scenes/20260101/x/nothing-here.ma", "alice");
        FileServiceDouble.own("scenes/20260101/x/garbage.mb", "alice");
        as("alice").contentType(ContentType.JSON).body(Map.of("uploadedPaths", java.util.List.of()))
                .when().post("/api/scenes/analyse")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("key"));
        as("alice").contentType(ContentType.JSON).body(Map.of("key", "scenes/20260101/x/nothing-here.ma"))
                .when().post("/api/scenes/analyse")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("key"));
        as("alice").contentType(ContentType.JSON).body(Map.of("key", "scenes/20260101/x/garbage.mb"))
                .when().post("/api/scenes/analyse")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("key"))
                .body("detail", startsWith("chunk"));
    }
}
