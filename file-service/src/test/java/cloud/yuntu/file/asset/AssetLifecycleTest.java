package cloud.yuntu.file.asset;

import static cloud.yuntu.file.Identities.asUser;
import static cloud.yuntu.file.asset.AssetsTest.check;
import static cloud.yuntu.file.asset.AssetsTest.claim;
import static cloud.yuntu.file.asset.AssetsTest.put;
import static cloud.yuntu.file.asset.AssetsTest.randomContent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;

import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.IndependentDigest;
import cloud.yuntu.file.storage.ObjectStore;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Manifest references and the retention sweep against the real database and store. The sweep is
 * run for an instant past the retention instead of waiting for it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class AssetLifecycleTest {

    @Inject
    ManifestReferences manifests;

    @Inject
    AssetSweeper sweeper;

    @Inject
    ObjectStore store;

    @Inject
    FileConfig config;

    @Inject
    Scheduler scheduler;

    @Test
    void theSweepIsScheduled() {
        assertThat(scheduler.getScheduledJob(AssetSweeper.JOB)).isNotNull();
    }

    @Test
    void contentNoManifestUsesIsRemovedAfterTheRetentionAndUsedContentStays() {
        String used = upload("bob", 1_000);
        String unused = upload("bob", 1_000);
        assertThat(await(() -> manifests.retain("bob", List.of(used)))).isEmpty();

        sweepAll(Instant.now().plus(retention()).minus(Duration.ofHours(1)));
        assertThat(present(unused)).as("kept within its retention").isTrue();

        sweepAll(Instant.now().plus(retention()).plus(Duration.ofMinutes(1)));
        assertThat(present(unused)).as("swept after its retention").isFalse();
        check(asUser("bob"), claim(unused, 1_000)).then().statusCode(200).body("missing", contains(unused));
        assertThat(present(used)).as("held by a manifest").isTrue();
        check(asUser("bob"), claim(used, 1_000)).then().statusCode(200).body("missing", empty());
    }

    @Test
    void releasedContentStartsItsRetentionWhenTheLastManifestLetsGo() {
        String shared = uploadAs(1_500, "bob", "alice");
        assertThat(await(() -> manifests.retain("bob", List.of(shared)))).isEmpty();
        assertThat(await(() -> manifests.retain("alice", List.of(shared)))).isEmpty();
        // Two manifests of alice: one release leaves the other's reference.
        assertThat(await(() -> manifests.retain("alice", List.of(shared)))).isEmpty();

        await(() -> manifests.release("bob", List.of(shared)));
        await(() -> manifests.release("alice", List.of(shared)));
        // A redelivered release of bob's changes nothing either.
        await(() -> manifests.release("bob", List.of(shared)));
        sweepAll(Instant.now().plus(retention()).plus(Duration.ofDays(1)));
        assertThat(present(shared)).as("still used by alice's second manifest").isTrue();

        await(() -> manifests.release("alice", List.of(shared)));
        sweepAll(Instant.now().plus(retention()).minus(Duration.ofHours(1)));
        assertThat(present(shared)).as("within the retention that started at the last release").isTrue();
        sweepAll(Instant.now().plus(retention()).plus(Duration.ofMinutes(1)));
        assertThat(present(shared)).isFalse();
    }

    @Test
    void aManifestRetainsOnlyWhatItsOwnerUploadedAndThenNothing() {
        String bobs = upload("bob", 800);
        String alices = upload("alice", 800);

        Set<String> missing = await(() -> manifests.retain("alice", List.of(alices, bobs)));

        assertThat(missing).containsExactly(bobs);
        // All or nothing: alice's own content was not retained either, so it is swept like any unused one.
        sweepAll(Instant.now().plus(retention()).plus(Duration.ofMinutes(1)));
        assertThat(present(alices)).isFalse();
        assertThat(present(bobs)).isFalse();
    }

    @Test
    void sweptContentCanBeUploadedAgain() {
        byte[] content = randomContent(2_000);
        String sha256 = IndependentDigest.of(content).sha256();
        put(asUser("carol"), sha256, content).then().statusCode(201);
        sweepAll(Instant.now().plus(retention()).plus(Duration.ofMinutes(1)));
        assertThat(present(sha256)).isFalse();

        put(asUser("carol"), sha256, content).then().statusCode(201);

        assertThat(present(sha256)).isTrue();
        check(asUser("carol"), claim(sha256, 2_000)).then().statusCode(200).body("missing", empty());
    }

    @Test
    void anUploadRestartsTheRetentionOfUnusedContent() throws InterruptedException {
        byte[] content = randomContent(600);
        String sha256 = IndependentDigest.of(content).sha256();
        put(asUser("bob"), sha256, content).then().statusCode(201);
        assertThat(await(() -> manifests.retain("bob", List.of(sha256)))).isEmpty();
        await(() -> manifests.release("bob", List.of(sha256)));
        Instant released = Instant.now();
        // The retention bob's release started must lie measurably before alice's upload.
        Thread.sleep(1_100);

        put(asUser("alice"), sha256, content).then().statusCode(201);

        sweepAll(released.plus(retention()).plusMillis(500));
        assertThat(present(sha256)).as("alice's upload restarted the retention").isTrue();
        sweepAll(Instant.now().plus(retention()).plus(Duration.ofMinutes(1)));
        assertThat(present(sha256)).isFalse();
    }

    private Duration retention() {
        return config.assets().retention();
    }

    private String upload(String owner, int size) {
        return uploadAs(size, owner);
    }

    private String uploadAs(int size, String... owners) {
        byte[] content = randomContent(size);
        String sha256 = IndependentDigest.of(content).sha256();
        for (String owner : owners) {
            put(asUser(owner), sha256, content).then().statusCode(201);
        }
        return sha256;
    }

    private void sweepAll(Instant now) {
        while (await(() -> sweeper.sweep(now)) > 0) {
            // Rounds are bounded by yuntu.file.assets.sweep-batch; the assets of other tests may need several.
        }
    }

    private boolean present(String sha256) {
        try {
            var content = store.open(AssetKeys.of(sha256));
            content.ifPresent(c -> {
                try {
                    c.stream().close();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            return content.isPresent();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
