package cloud.yuntu.gateway.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FarmSnapshotTest {

    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration STALE_AFTER = Duration.ofSeconds(6);

    private static ReplicaSnapshot replica(String id, Instant startedAt, Instant publishedAt, List<ReplicaSnapshot.UserShare> users,
            double numbered, double sent, int highWater, ClosedCounts closed) {
        int connections = users.stream().mapToInt(ReplicaSnapshot.UserShare::connections).sum();
        return new ReplicaSnapshot(id, "host-" + id, startedAt, publishedAt, connections, users, numbered, sent,
                (long) (numbered * 100), (long) (sent * 100), highWater, closed);
    }

    private static ReplicaSnapshot.UserShare user(String id, int connections, Instant oldest) {
        return new ReplicaSnapshot.UserShare(id, connections, oldest);
    }

    @Test
    void aUserOnTwoReplicasIsOneUserWithTheConnectionsOfBoth() {
        ReplicaSnapshot a = replica("a", T0, T0.plusSeconds(10), List.of(user("alice", 2, T0.plusSeconds(3)), user("bob", 1, T0)),
                1.5, 10.25, 4, new ClosedCounts(1, 0, 2, 0, 0));
        ReplicaSnapshot b = replica("b", T0.plusSeconds(1), T0.plusSeconds(9), List.of(user("alice", 3, T0.plusSeconds(2))),
                2.5, 0.75, 9, new ClosedCounts(0, 1, 1, 1, 3));

        FarmSnapshot farm = FarmSnapshot.of(List.of(b, a));

        assertThat(farm.connections()).isEqualTo(6);
        assertThat(farm.users()).isEqualTo(2);
        assertThat(farm.maxConnectionsPerUser()).as("alice's 2 + 3").isEqualTo(5);
        assertThat(farm.recordsNumberedPerSecond()).isEqualTo(4.0);
        assertThat(farm.messagesSentPerSecond()).isEqualTo(11.0);
        assertThat(farm.recordsNumbered()).isEqualTo(400);
        assertThat(farm.messagesSent()).isEqualTo(1100);
        assertThat(farm.sendQueueHighWater()).as("the deepest of any replica").isEqualTo(9);
        assertThat(farm.closed()).isEqualTo(new ClosedCounts(1, 1, 3, 1, 3));
        assertThat(farm.replicas()).extracting(FarmSnapshot.ReplicaLine::id).as("oldest first").containsExactly("a", "b");
        FarmSnapshot.ReplicaLine first = farm.replicas().getFirst();
        assertThat(first.connections()).isEqualTo(3);
        assertThat(first.users()).isEqualTo(2);
        assertThat(first.maxConnectionsPerUser()).isEqualTo(2);
        assertThat(first.host()).isEqualTo("host-a");
        assertThat(first.publishedAt()).isEqualTo(T0.plusSeconds(10));

        assertThat(farm.online()).extracting(FarmSnapshot.OnlineUser::userId).containsExactly("alice", "bob");
        FarmSnapshot.OnlineUser alice = farm.online().getFirst();
        assertThat(alice.connectionCount()).isEqualTo(5);
        assertThat(alice.oldestConnectedAt()).as("the oldest of either replica").isEqualTo(T0.plusSeconds(2));
        assertThat(alice.replicas()).containsExactly(
                new FarmSnapshot.Share("a", "host-a", 2, T0.plusSeconds(3)),
                new FarmSnapshot.Share("b", "host-b", 3, T0.plusSeconds(2)));
    }

    @Test
    void aFarmWithoutConnectionsHasZeros() {
        FarmSnapshot farm = FarmSnapshot.of(List.of(replica("a", T0, T0, List.of(), 0, 0, 0, ClosedCounts.NONE)));

        assertThat(farm.connections()).isZero();
        assertThat(farm.users()).isZero();
        assertThat(farm.maxConnectionsPerUser()).isZero();
        assertThat(farm.online()).isEmpty();
        assertThat(farm.replicas()).hasSize(1);
    }

    @Test
    void theAnsweringReplicasOwnFiguresReplaceWhatItPublished() {
        Instant now = T0.plusSeconds(60);
        ReplicaSnapshot publishedBefore = replica("self", T0, now.minusSeconds(1), List.of(user("alice", 1, T0)), 0, 0, 0,
                ClosedCounts.NONE);
        ReplicaSnapshot takenNow = replica("self", T0, now, List.of(user("alice", 1, T0), user("bob", 2, now)), 0, 0, 0,
                ClosedCounts.NONE);

        FarmSnapshot farm = FarmSnapshot.of(takenNow, List.of(publishedBefore), now, STALE_AFTER);

        assertThat(farm.replicas()).hasSize(1);
        assertThat(farm.connections()).isEqualTo(3);
        assertThat(farm.online()).extracting(FarmSnapshot.OnlineUser::userId).containsExactly("alice", "bob");
    }

    @Test
    void staleSnapshotsOfOtherReplicasAreNotCounted() {
        Instant now = T0.plusSeconds(60);
        ReplicaSnapshot self = replica("self", T0, now, List.of(), 0, 0, 0, ClosedCounts.NONE);
        ReplicaSnapshot live = replica("live", T0, now.minus(STALE_AFTER), List.of(user("alice", 1, T0)), 0, 0, 0,
                ClosedCounts.NONE);
        ReplicaSnapshot gone = replica("gone", T0, now.minus(STALE_AFTER).minusMillis(1), List.of(user("bob", 4, T0)), 7, 7, 7,
                new ClosedCounts(1, 1, 1, 1, 1));

        FarmSnapshot farm = FarmSnapshot.of(self, List.of(live, gone), now, STALE_AFTER);

        assertThat(farm.replicas()).extracting(FarmSnapshot.ReplicaLine::id).containsExactlyInAnyOrder("self", "live");
        assertThat(farm.connections()).isEqualTo(1);
        assertThat(farm.online()).extracting(FarmSnapshot.OnlineUser::userId).containsExactly("alice");
        assertThat(farm.closed()).isEqualTo(ClosedCounts.NONE);
        assertThat(farm.recordsNumberedPerSecond()).isZero();
    }

    @Test
    void ratesAreRoundedToThreeDecimals() {
        FarmSnapshot farm = FarmSnapshot.of(List.of(
                replica("a", T0, T0, List.of(), 0.1, 1.0 / 3, 0, ClosedCounts.NONE),
                replica("b", T0, T0, List.of(), 0.2, 1.0 / 3, 0, ClosedCounts.NONE)));

        assertThat(farm.recordsNumberedPerSecond()).isEqualTo(0.3);
        assertThat(farm.messagesSentPerSecond()).isEqualTo(0.667);
    }
}
