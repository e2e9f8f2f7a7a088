package cloud.yuntu.file.presign;

import static cloud.yuntu.file.Identities.asAdmin;
import static cloud.yuntu.file.Identities.asAgent;
import static cloud.yuntu.file.Identities.asService;
import static cloud.yuntu.file.Identities.asUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cloud.yuntu.file.Assets;
import cloud.yuntu.file.FarmUrls;
import cloud.yuntu.file.Scenes;
import cloud.yuntu.file.Uploads;
import cloud.yuntu.platform.identity.JobGrant;
import cloud.yuntu.platform.identity.JobGrants;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who gets a presigned URL for what: users, another user, agents with and without grants, operators, services. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class PresignAccessTest {

    private static final byte[] ONE_BYTE = {1};

    @Inject
    JobGrants grants;

    private byte[] sceneBytes;
    private String aliceScene;
    private UUID task;
    private String results;

    @BeforeEach
    void aliceUploadsAScene() {
        sceneBytes = new byte[2048];
        ThreadLocalRandom.current().nextBytes(sceneBytes);
        aliceScene = Scenes.upload("alice", "shot.ma", sceneBytes);
        task = UUID.randomUUID();
        results = "results/20250101/" + task + "/";
    }

    @Test
    void aUserGetsADownloadUrlOfTheirOwnScene() {
        String url = presign(asUser("alice"), aliceScene, "GET", null).statusCode(200)
                .body("method", equalTo("GET")).extract().path("url");
        assertThat(FarmUrls.presigned().get(FarmUrls.reachable(url)).then().statusCode(200).extract().asByteArray()).isEqualTo(sceneBytes);
    }

    @Test
    void anotherUsersSceneIsNotFoundExactlyLikeAMissingOne() {
        String missing = aliceScene.replace("shot.ma", "missing.ma");
        String foreign = presign(asUser("bob"), aliceScene, "GET", null).statusCode(404)
                .contentType("application/problem+json").extract().path("detail");
        String absent = presign(asUser("bob"), missing, "GET", null).statusCode(404).extract().path("detail");
        assertThat(foreign).isEqualTo(absent.replace("missing.ma", "shot.ma"));
        presign(asUser("alice"), missing, "GET", null).statusCode(404);
    }

    @Test
    void usersNeverGetUploadUrlsNotEvenForTheirOwnKeys() {
        byte[] bytes = {1, 2, 3};
        Uploads.presignPut(asUser("alice"), aliceScene, bytes, null).statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403));
        Uploads.presignPut(asUser("bob"), aliceScene, bytes, null).statusCode(403);
        // Whatever the request's other fields: a user's PUT is refused as such, not for its size or digest.
        presign(asUser("alice"), results + "beauty.0001.exr", "PUT", null).statusCode(403);
        // A grant does not make a user an agent.
        Uploads.presignPut(asUser("alice"), results + "beauty.0001.exr", bytes,
                grants.sign(new JobGrant(task, "alice", aliceScene, results), Duration.ofMinutes(5))).statusCode(403);
    }

    @Test
    void operatorsAndServicesGetAnyUrl() {
        for (RequestSpecification caller : new RequestSpecification[] {asAdmin(), asService()}) {
            presign(caller, aliceScene, "GET", null).statusCode(200);
            Uploads.presignPut(caller, "results/20250101/" + UUID.randomUUID() + "/x.exr", new byte[] {1}, null)
                    .statusCode(200);
        }
    }

    @Test
    void anAgentReadsItsJobsSceneAndWritesItsResultsWithTheGrant() {
        String grant = grants.sign(new JobGrant(task, "alice", aliceScene, results), Duration.ofMinutes(5));

        String get = presign(asAgent("agent-1"), aliceScene, "GET", grant).statusCode(200).extract().path("url");
        assertThat(FarmUrls.presigned().get(FarmUrls.reachable(get)).then().statusCode(200).extract().asByteArray()).isEqualTo(sceneBytes);
        byte[] output = {1, 2, 3};
        String put = Uploads.presignPut(asAgent("agent-1"), results + "beauty.0001.exr", output, grant).statusCode(200)
                .extract().path("url");
        Uploads.send(FarmUrls.reachable(put), output).statusCode(200)
                .body("key", equalTo(results + "beauty.0001.exr"), "size", equalTo(3));
    }

    @Test
    void anAgentGetsNothingBeyondItsGrant() {
        String grant = grants.sign(new JobGrant(task, "alice", aliceScene, results), Duration.ofMinutes(5));
        String bobScene = Scenes.upload("bob", "other.ma", new byte[] {9});

        presign(asAgent("agent-1"), bobScene, "GET", grant).statusCode(404).contentType("application/problem+json");
        Uploads.presignPut(asAgent("agent-1"), aliceScene, ONE_BYTE, grant).statusCode(404);
        presign(asAgent("agent-1"), results + "beauty.0001.exr", "GET", grant).statusCode(404);
        Uploads.presignPut(asAgent("agent-1"), "results/20250101/" + UUID.randomUUID() + "/beauty.0001.exr", ONE_BYTE,
                grant).statusCode(404);
    }

    @Test
    void anAgentWithoutAGenuineCurrentGrantGetsNothing() {
        JobGrant genuine = new JobGrant(task, "alice", aliceScene, results);
        String resultKey = results + "beauty.0001.exr";
        // No grant at all.
        presign(asAgent("agent-1"), aliceScene, "GET", null).statusCode(404);
        Uploads.presignPut(asAgent("agent-1"), resultKey, ONE_BYTE, null).statusCode(404);
        // A genuine grant of another job.
        String foreign = grants.sign(new JobGrant(UUID.randomUUID(), "alice", "scenes/20250101/x/other.ma",
                "results/20250101/" + UUID.randomUUID() + "/"), Duration.ofMinutes(5));
        presign(asAgent("agent-1"), aliceScene, "GET", foreign).statusCode(404);
        Uploads.presignPut(asAgent("agent-1"), resultKey, ONE_BYTE, foreign).statusCode(404);
        // The right claims, signed with a secret file-service does not hold.
        String forged = Jwt.issuer("yuntu-task-service").audience("yuntu-job-grant").subject(task.toString())
                .claim("scene", aliceScene).claim("results", results).expiresIn(Duration.ofMinutes(5))
                .jws().algorithm(SignatureAlgorithm.HS256)
                .sign(new SecretKeySpec("another-secret-of-at-least-32-characters".getBytes(StandardCharsets.UTF_8),
                        "HmacSHA256"));
        presign(asAgent("agent-1"), aliceScene, "GET", forged).statusCode(404);
        Uploads.presignPut(asAgent("agent-1"), resultKey, ONE_BYTE, forged).statusCode(404);
        // Expired long ago.
        String expired = grants.sign(genuine, Duration.ofHours(-1));
        presign(asAgent("agent-1"), aliceScene, "GET", expired).statusCode(404);
        Uploads.presignPut(asAgent("agent-1"), resultKey, ONE_BYTE, expired).statusCode(404);
        presign(asAgent("agent-1"), aliceScene, "GET", "not-a-token").statusCode(404);
        // The same agent with the genuine grant: it was only the grant that was missing.
        presign(asAgent("agent-1"), aliceScene, "GET", grants.sign(genuine, Duration.ofMinutes(5))).statusCode(200);
    }

    @Test
    void anAgentReadsTheAssetsItsGrantsOwnerUploaded() {
        byte[] texture = Assets.randomContent(3_000);
        String sha256 = Assets.upload("alice", texture);
        String grant = grants.sign(new JobGrant(task, "alice", aliceScene, results), Duration.ofMinutes(5));

        String url = presign(asAgent("agent-1"), "assets/sha256/" + sha256, "GET", grant).statusCode(200)
                .body("method", equalTo("GET")).extract().path("url");

        assertThat(FarmUrls.presigned().get(FarmUrls.reachable(url)).then().statusCode(200).extract().asByteArray())
                .isEqualTo(texture);
    }

    @Test
    void anAgentGetsNoAssetItsGrantsOwnerDidNotUploadHerself() {
        String grant = grants.sign(new JobGrant(task, "alice", aliceScene, results), Duration.ofMinutes(5));
        // bob's content, and content alice uploaded too only after bob: what counts is alice's own upload.
        String bobs = Assets.upload("bob", Assets.randomContent(1_000));
        byte[] shared = Assets.randomContent(1_200);
        String sharedSha256 = Assets.upload("bob", shared);
        String missing = "assets/sha256/" + "0123456789abcdef".repeat(4);
        String bobsKey = "assets/sha256/" + bobs;

        String foreign = presign(asAgent("agent-1"), bobsKey, "GET", grant).statusCode(404)
                .contentType("application/problem+json").extract().path("detail");
        String absent = presign(asAgent("agent-1"), missing, "GET", grant).statusCode(404).extract().path("detail");
        assertThat(foreign).isEqualTo(absent.replace(missing, bobsKey));
        presign(asAgent("agent-1"), "assets/sha256/" + sharedSha256, "GET", grant).statusCode(404);

        Assets.upload("alice", shared);
        presign(asAgent("agent-1"), "assets/sha256/" + sharedSha256, "GET", grant).statusCode(200);
    }

    @Test
    void anAgentGetsNoAssetWithAForgedOrOwnerlessGrantNorToWriteOne() {
        String sha256 = Assets.upload("alice", Assets.randomContent(900));
        String key = "assets/sha256/" + sha256;
        String genuine = grants.sign(new JobGrant(task, "alice", aliceScene, results), Duration.ofMinutes(5));

        // Assets are written only through PUT /api/assets: no URL is ever made to write one.
        presign(asAgent("agent-1"), key, "PUT", genuine).statusCode(422).body("errors[0].field", equalTo("key"));
        presign(asAgent("agent-1"), key, "GET", null).statusCode(404);
        presign(asAgent("agent-1"), key, "GET",
                grants.sign(new JobGrant(task, null, aliceScene, results), Duration.ofMinutes(5))).statusCode(404);
        String forged = Jwt.issuer("yuntu-task-service").audience("yuntu-job-grant").subject(task.toString())
                .claim("owner", "alice").claim("scene", aliceScene).claim("results", results)
                .expiresIn(Duration.ofMinutes(5))
                .jws().algorithm(SignatureAlgorithm.HS256)
                .sign(new SecretKeySpec("another-secret-of-at-least-32-characters".getBytes(StandardCharsets.UTF_8),
                        "HmacSHA256"));
        presign(asAgent("agent-1"), key, "GET", forged).statusCode(404);
        presign(asAgent("agent-1"), key, "GET", grants.sign(new JobGrant(task, "alice", aliceScene, results),
                Duration.ofHours(-1))).statusCode(404);
        // The same agent with the genuine grant: only the grant was at fault.
        presign(asAgent("agent-1"), key, "GET", genuine).statusCode(200);
    }

    @Test
    void invalidInputIs422BeforeAnyOwnershipIsConsidered() {
        presign(asUser("bob"), "../" + aliceScene, "GET", null).statusCode(422).body("errors[0].field", equalTo("key"));
        presign(asAgent("agent-1"), aliceScene, "POST", null).statusCode(422).body("errors[0].field", equalTo("method"));
    }

    @Test
    void aDownloadIsSavedUnderTheChosenNameWhichCannotBeChanged() {
        String url = asUser("alice").contentType(ContentType.JSON)
                .body(Map.of("key", aliceScene, "method", "GET", "fileName", "Shot 7 – final.ma"))
                .post("/api/files/presign").then().statusCode(200).extract().path("url");

        byte[] downloaded = FarmUrls.presigned().get(FarmUrls.reachable(url)).then().statusCode(200)
                .header("Content-Disposition", "attachment; filename=\"Shot 7 _ final.ma\"; "
                        + "filename*=UTF-8''Shot%207%20%E2%80%93%20final.ma")
                .extract().asByteArray();
        assertThat(downloaded).isEqualTo(sceneBytes);
        // The name is inside the signature (file-service's own, or OSS' V4 one).
        FarmUrls.presigned().get(FarmUrls.reachable(url.replace("final", "fakes"))).then().statusCode(403);
    }

    @Test
    void aChosenFileNameIsValidatedBeforeAnyOwnershipIsConsidered() {
        for (String bad : new String[] {"a/b.ma", "..", "shot\u0007.ma", "", "x".repeat(256)}) {
            asUser("bob").contentType(ContentType.JSON)
                    .body(Map.of("key", aliceScene, "method", "GET", "fileName", bad))
                    .post("/api/files/presign").then().statusCode(422).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("fileName"));
        }
    }

    private static ValidatableResponse presign(RequestSpecification caller, String key, String method, String grant) {
        Map<String, Object> body = new HashMap<>(Map.of("key", key, "method", method));
        if (grant != null) {
            body.put("grant", grant);
        }
        return caller.contentType(ContentType.JSON).body(body).post("/api/files/presign").then();
    }
}
