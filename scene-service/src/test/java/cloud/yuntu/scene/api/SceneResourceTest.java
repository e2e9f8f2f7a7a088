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
