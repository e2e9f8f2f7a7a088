package cloud.yuntu.file.asset;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.task.TaskCompleted;
import cloud.yuntu.contracts.task.TaskFailed;
import cloud.yuntu.contracts.task.TaskProgress;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import cloud.yuntu.file.asset.AssetCheckRequest.Claim;
import cloud.yuntu.file.asset.ManifestRule.AfterEnd;
import cloud.yuntu.file.asset.ManifestRule.Conflict;
import cloud.yuntu.file.asset.ManifestRule.Held;
import cloud.yuntu.file.asset.ManifestRule.NotHeld;
import cloud.yuntu.file.asset.ManifestRule.Renew;
import cloud.yuntu.file.asset.ManifestRule.Retain;
import cloud.yuntu.file.asset.ManifestRule.Unchanged;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Retaining a task's manifest and releasing it at the task's end, without the database. */
class ManifestRuleTest {

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);
    private static final UUID TASK = UUID.fromString("6f1c2a34-0c1d-4c55-9a57-0e1f2a3b4c5d");
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void contentsTheOwnerUploadedAreRetainedOnceEach() {
        var outcome = ManifestRule.retain("alice", List.of(claim(B, 2), claim(A, 1), claim(B, 2)),
                Map.of(A, 1L, B, 2L), Held.NONE);

        assertThat(outcome).isEqualTo(new Retain(Set.of(A, B)));
        assertThat(((Retain) outcome).sha256s()).containsExactly(A, B);
    }

    @Test
    void everyClaimTheOwnerDoesNotHoldWithThatSizeIsNamedByItsPlaceAndNothingIsRetained() {
        var outcome = ManifestRule.retain("alice", List.of(claim(A, 1), claim(B, 3), claim(C, 1), claim(B, 2)),
                Map.of(A, 1L, B, 2L), Held.NONE);

        assertThat(outcome).isEqualTo(new NotHeld(List.of(1, 2)));
    }

    @Test
    void theSameManifestAgainChangesNothing() {
        List<Claim> claims = List.of(claim(B, 2), claim(A, 1), claim(A, 1));

        assertThat(ManifestRule.retain("alice", claims, Map.of(A, 1L, B, 2L),
                held(Set.of(A, B), "alice", null, claims))).isEqualTo(new Unchanged());
    }

    @Test
    void otherContentOrAnotherOwnerForTheSameTaskIsAConflict() {
        Set<String> existing = Set.of(A, B);

        List<Claim> fewer = List.of(claim(A, 1));
        assertThat(ManifestRule.retain("alice", fewer, Map.of(A, 1L), held(existing, "alice", null, fewer)))
                .isInstanceOf(Conflict.class);
        List<Claim> more = List.of(claim(A, 1), claim(B, 2), claim(C, 3));
        assertThat(ManifestRule.retain("alice", more, Map.of(A, 1L, B, 2L, C, 3L), held(existing, "alice", null, more)))
                .isInstanceOf(Conflict.class);
        List<Claim> other = List.of(claim(A, 1), claim(C, 3));
        assertThat(ManifestRule.retain("alice", other, Map.of(A, 1L, C, 3L), held(existing, "alice", null, other)))
                .as("as many, not the same").isInstanceOf(Conflict.class);
        List<Claim> same = List.of(claim(A, 1), claim(B, 2));
        assertThat(ManifestRule.retain("bob", same, Map.of(A, 1L, B, 2L), held(existing, "alice", null, same)))
                .isInstanceOf(Conflict.class);
    }

    @Test
    void contentNotHeldIsReportedBeforeAnyConflict() {
        List<Claim> claims = List.of(claim(A, 1));
        assertThat(ManifestRule.retain("bob", claims, Map.of(), held(Set.of(A), "alice", null, claims)))
                .isEqualTo(new NotHeld(List.of(0)));
    }

    @Test
    void aRetainDecidedAtOrBeforeAnEndAlreadySeenHoldsNothing() {
        Instant ended = NOW.plusSeconds(60);
        for (Instant heldFrom : new Instant[] {NOW, ended}) {
            assertThat(ManifestRule.retain("alice", List.of(claim(A, 1)), Map.of(A, 1L), Held.NONE, heldFrom, ended))
                    .as(heldFrom.toString()).isEqualTo(new AfterEnd(ended));
        }
        // Not even a conflict: it is too late to hold anything.
        List<Claim> other = List.of(claim(B, 2));
        assertThat(ManifestRule.retain("alice", other, Map.of(B, 2L), held(Set.of(A), "alice", null, other),
                NOW, ended)).isEqualTo(new AfterEnd(ended));
        // Content the owner does not have is still refused first.
        assertThat(ManifestRule.retain("alice", List.of(claim(A, 1)), Map.of(), Held.NONE, NOW, ended))
                .isEqualTo(new NotHeld(List.of(0)));
    }

    @Test
    void aRetainDecidedAfterTheEndHoldsAgainAndOneThatDoesNotSayHoldsAsBefore() {
        Instant ended = NOW.plusSeconds(60);
        assertThat(ManifestRule.retain("alice", List.of(claim(A, 1)), Map.of(A, 1L), Held.NONE,
                ended.plusNanos(1_000), ended)).isEqualTo(new Retain(Set.of(A)));
        assertThat(ManifestRule.retain("alice", List.of(claim(A, 1)), Map.of(A, 1L), Held.NONE, null, ended))
                .isEqualTo(new Retain(Set.of(A)));
    }

    @Test
    void theSameContentDecidedLaterRenewsTheHoldAndAnEarlierOrUndatedCopyChangesNothing() {
        Instant retry = NOW.plusSeconds(120);
        List<Claim> claims = List.of(claim(A, 1));
        Held held = held(Set.of(A), "alice", NOW, claims);

        assertThat(ManifestRule.retain("alice", claims, Map.of(A, 1L), held, retry, null))
                .isEqualTo(new Renew(retry));
        assertThat(ManifestRule.retain("alice", claims, Map.of(A, 1L), held(Set.of(A), "alice", null, claims),
                retry, null)).as("held without a time").isEqualTo(new Renew(retry));
        for (Instant same : new Instant[] {NOW, NOW.minusSeconds(1), null}) {
            assertThat(ManifestRule.retain("alice", claims, Map.of(A, 1L), held, same, null))
                    .as(String.valueOf(same)).isEqualTo(new Unchanged());
        }
        List<Claim> other = List.of(claim(B, 2));
        assertThat(ManifestRule.retain("alice", other, Map.of(B, 2L), held(Set.of(A), "alice", NOW, other), retry,
                null)).isInstanceOf(Conflict.class);
    }

    @Test
    void anEndReleasesWhatWasHeldBeforeItOrWithoutATimeButNotALaterHold() {
        Instant ended = NOW.plusSeconds(60);
        assertThat(ManifestRule.endReleases(NOW, ended)).isTrue();
        assertThat(ManifestRule.endReleases(ended, ended)).isTrue();
        assertThat(ManifestRule.endReleases(null, ended)).isTrue();
        assertThat(ManifestRule.endReleases(NOW, null)).as("an orphan's release").isTrue();
        assertThat(ManifestRule.endReleases(ended.plusNanos(1_000), ended)).as("a retry's hold").isFalse();
    }

    @Test
    void aStatusChangeBackToRunningReopensTheTask() {
        assertThat(ManifestRule.reopens(changed(TaskStatus.COMPLETED, TaskStatus.RENDERING))).isTrue();
        assertThat(ManifestRule.reopens(changed(TaskStatus.RENDERING, TaskStatus.COMPLETED))).isFalse();
        assertThat(ManifestRule.reopens(new TaskFailed(UUID.randomUUID(), NOW, TASK, "alice", "x"))).isFalse();
    }

    @Test
    void aTaskThatCompletesFailsOrIsCancelledReleasesItsManifest() {
        assertThat(ManifestRule.releases(new TaskCompleted(UUID.randomUUID(), NOW, TASK, "alice", 1, 1, 1.0,
                null))).isTrue();
        assertThat(ManifestRule.releases(new TaskFailed(UUID.randomUUID(), NOW, TASK, "alice", "no frame rendered")))
                .isTrue();
        for (TaskStatus end : new TaskStatus[] {TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED}) {
            assertThat(ManifestRule.releases(changed(TaskStatus.RENDERING, end))).as(end.name()).isTrue();
        }
    }

    @Test
    void everyOtherEventKeepsIt() {
        for (TaskStatus status : TaskStatus.values()) {
            if (!status.isFinal()) {
                assertThat(ManifestRule.releases(changed(null, status))).as(status.name()).isFalse();
            }
        }
        // A retry: from an end back to rendering.
        assertThat(ManifestRule.releases(changed(TaskStatus.COMPLETED, TaskStatus.RENDERING))).isFalse();
        assertThat(ManifestRule.releases(new TaskProgress(UUID.randomUUID(), NOW, TASK, "alice", 1, 0, 10, 10.0, null, null)))
                .isFalse();
    }

    private static TaskStatusChanged changed(TaskStatus from, TaskStatus to) {
        return new TaskStatusChanged(UUID.randomUUID(), NOW, TASK, "alice", from, to, null);
    }

    private static Claim claim(String sha256, long size) {
        return new Claim(sha256, size);
    }

    /** A manifest of these contents as the database summarises it against the claims of a retain. */
    private static Held held(Set<String> contents, String owner, Instant heldFrom, List<Claim> claims) {
        long ofWanted = claims.stream().map(Claim::sha256).distinct().filter(contents::contains).count();
        return new Held(contents.size(), ofWanted, Set.of(owner), heldFrom);
    }
}
