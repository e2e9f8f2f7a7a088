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
import cloud.yuntu.file.asset.AssetCheckRequest.Claim;
import cloud.yuntu.file.asset.ManifestRule.NotHeld;
import cloud.yuntu.file.asset.ManifestRule.Outcome;
import cloud.yuntu.file.asset.ManifestRule.Retain;
import cloud.yuntu.file.asset.ManifestRule.Unchanged;
import cloud.yuntu.file.result.TaskOwners;
import cloud.yuntu.file.IndependentDigest;
import cloud.yuntu.file.storage.ObjectStore;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Task manifests and the retention sweep against the real database and store. The sweep is run
 * for an instant past the retention (or the wait for an orphan's task) instead of waiting for it.
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
    AssetManifests manifestTable;

    @Inject
    TaskOwners owners;

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
    void contentNoManifestHoldsIsRemovedAfterTheRetentionAndHeldContentStays() {
        String used = upload("bob", 1_000);
        String unused = upload("bob", 1_000);
        assertThat(retain(announcedTask("bob"), "bob", used, 1_000)).isInstanceOf(Retain.class);

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
        UUID bobs = announcedTask("bob");
        UUID alices = announcedTask("alice");
        UUID alicesSecond = announcedTask("alice");
        assertThat(retain(bobs, "bob", shared, 1_500)).isInstanceOf(Retain.class);
        assertThat(retain(alices, "alice", shared, 1_500)).isInstanceOf(Retain.class);
        assertThat(retain(alicesSecond, "alice", shared, 1_500)).isInstanceOf(Retain.class);

        assertThat(await(() -> manifests.release(bobs, Instant.now()))).isEqualTo(1);
        assertThat(await(() -> manifests.release(alices, Instant.now()))).isEqualTo(1);
        // A redelivered end of bob's task, and of alice's first, change nothing.
        assertThat(await(() -> manifests.release(bobs, Instant.now()))).isZero();
        assertThat(await(() -> manifests.release(alices, Instant.now()))).isZero();
        sweepAll(Instant.now().plus(retention()).plus(Duration.ofDays(1)));
        assertThat(present(shared)).as("still held by alice's second task").isTrue();

        await(() -> manifests.release(alicesSecond, Instant.now()));
        sweepAll(Instant.now().plus(retention()).minus(Duration.ofHours(1)));
        assertThat(present(shared)).as("within the retention that started at the last release").isTrue();
        sweepAll(Instant.now().plus(retention()).plus(Duration.ofMinutes(1)));
        assertThat(present(shared)).isFalse();
    }

    @Test
    void retainingAManifestTwiceHoldsItOnceAndOneReleaseLetsGo() {
        String content = upload("dave", 700);
        UUID task = announcedTask("dave");

        assertThat(retain(task, "dave", content, 700)).isInstanceOf(Retain.class);
        // The submission's request sent again (a retry after a lost answer): nothing more is held.
        assertThat(retain(task, "dave", content, 700)).isEqualTo(new Unchanged());
        assertThat(entriesOf(task)).extracting(entry -> entry.sha256).containsExactly(content);

        assertThat(await(() -> manifests.release(task, Instant.now()))).isEqualTo(1);
        assertThat(entriesOf(task)).isEmpty();
        sweepAll(Instant.now().plus(retention()).plus(Duration.ofMinutes(1)));
        assertThat(present(content)).as("one release let go of the manifest retained twice").isFalse();
    }

    @Test
    void aManifestRetainsOnlyWhatItsOwnerUploadedWithThatSizeAndThenNothing() {
        String bobs = upload("bob", 800);
        String alices = upload("alice", 800);
        String alicesOther = upload("alice", 300);
        UUID task = announcedTask("alice");

        Outcome outcome = await(() -> manifests.retain(task, "alice",
                List.of(new Claim(alices, 800L), new Claim(bobs, 800L), new Claim(alicesOther, 301L))));

        assertThat(outcome).isEqualTo(new NotHeld(List.of(1, 2)));
        assertThat(entriesOf(task)).isEmpty();
        // All or nothing: alice's own content was not retained either, so it is swept like any unused one.
        sweepAll(Instant.now().plus(retention()).plus(Duration.ofMinutes(1)));
        assertThat(present(alices)).isFalse();
        assertThat(present(bobs)).isFalse();
    }

    @Test
    void aManifestWhoseTaskNeverAppearsIsReleasedAfterTheWaitAndItsContentSweptAfterTheRetention() {
        String orphaned = upload("erin", 900);
        String announced = upload("erin", 901);
        UUID neverCommitted = UUID.randomUUID();
        UUID task = announcedTask("erin");
        assertThat(retain(neverCommitted, "erin", orphaned, 900)).isInstanceOf(Retain.class);
        assertThat(retain(task, "erin", announced, 901)).isInstanceOf(Retain.class);
        Instant retained = Instant.now();

        sweepAll(retained.plus(orphanWait()).minus(Duration.ofMinutes(1)));
        assertThat(entriesOf(neverCommitted)).as("its task may still appear").hasSize(1);

        Instant released = retained.plus(orphanWait()).plus(Duration.ofMinutes(1));
        sweepAll(released);
        assertThat(entriesOf(neverCommitted)).as("released: the task never appeared").isEmpty();
        assertThat(entriesOf(task)).as("an announced task keeps its manifest").hasSize(1);
        sweepAll(released.plus(retention()).minus(Duration.ofMinutes(1)));
        assertThat(present(orphaned)).as("its retention started when the orphan was released").isTrue();

        sweepAll(released.plus(retention()).plus(Duration.ofMinutes(1)));
        assertThat(present(orphaned)).isFalse();
        assertThat(present(announced)).isTrue();
    }

    @Test
    void aHoldTakenAfterTheEndByARetryThatDidNotCommitIsReleasedAfterTheWait() {
        String abandonedFile = upload("frank", 902);
        String retriedFile = upload("frank", 903);
        UUID abandoned = announcedTask("frank");
        UUID retried = announcedTask("frank");
        Instant submitted = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
        Instant ended = submitted.plusSeconds(60);
        Instant retry = ended.plusSeconds(60);
        assertThat(retain(abandoned, "frank", abandonedFile, 902, submitted)).isInstanceOf(Retain.class);
        assertThat(retain(retried, "frank", retriedFile, 903, submitted)).isInstanceOf(Retain.class);
        assertThat(await(() -> manifests.release(abandoned, ended))).isEqualTo(1);
        assertThat(await(() -> manifests.release(retried, ended))).isEqualTo(1);
        assertThat(retain(abandoned, "frank", abandonedFile, 902, retry)).isInstanceOf(Retain.class);
        assertThat(retain(retried, "frank", retriedFile, 903, retry)).isInstanceOf(Retain.class);
        // Only one of the two retries committed: its task was seen running again.
        await(() -> manifests.reopened(retried, retry.plusMillis(5)));
        Instant retained = Instant.now();

        sweepAll(retained.plus(orphanWait()).minus(Duration.ofMinutes(1)));
        assertThat(entriesOf(abandoned)).as("its retry may still commit").hasSize(1);

        sweepAll(retained.plus(orphanWait()).plus(Duration.ofMinutes(1)));
        assertThat(entriesOf(abandoned)).as("released: the task never ran again").isEmpty();
        assertThat(entriesOf(retried)).as("a retried task keeps its files until its next end").hasSize(1);
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
        UUID task = announcedTask("bob");
        assertThat(retain(task, "bob", sha256, 600)).isInstanceOf(Retain.class);
        await(() -> manifests.release(task, Instant.now()));
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

    private Duration orphanWait() {
        return config.assets().orphanManifestAfter();
    }

    /** A task file-service has seen on farm.task-events, as its consumer records it. */
    private UUID announcedTask(String owner) {
        UUID task = UUID.randomUUID();
        await(() -> owners.record(task, owner));
        return task;
    }

    private Outcome retain(UUID task, String owner, String sha256, long size) {
        return await(() -> manifests.retain(task, owner, List.of(new Claim(sha256, size))));
    }

    private Outcome retain(UUID task, String owner, String sha256, long size, Instant heldFrom) {
        return await(() -> manifests.retain(task, owner, List.of(new Claim(sha256, size)), heldFrom));
    }

    private List<ManifestEntry> entriesOf(UUID task) {
        return await(() -> Panache.withSession(() -> manifestTable.list("taskId", task)));
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
