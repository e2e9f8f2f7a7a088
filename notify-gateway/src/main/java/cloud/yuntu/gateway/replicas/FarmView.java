package cloud.yuntu.gateway.replicas;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * The farm's push now, as this replica sees it: its own figures taken at once and every other
 * live replica's published snapshot (one read of the {@link ReplicaBoard}).
 */
@ApplicationScoped
public class FarmView {

    private final ReplicaBoard board;
    private final ReplicaFigures figures;
    private final Duration staleAfter;

    FarmView(ReplicaBoard board, ReplicaFigures figures, ReplicasConfig config) {
        this.board = board;
        this.figures = figures;
        this.staleAfter = ReplicaLiveness.staleAfter(config.publishInterval(), config.missedPublications());
    }

    /** Fails when the database cannot be read: without it, the other replicas are unknown. */
    public Uni<FarmSnapshot> now() {
        return board.read().map(published -> FarmSnapshot.of(figures.now(), published.snapshots(), published.now(), staleAfter));
    }

    /** The replicas other than this one whose snapshots are live, per the database's time. */
    Uni<List<ReplicaSnapshot>> others() {
        String self = figures.replica().id();
        return board.read().map(published -> published.snapshots().stream()
                .filter(snapshot -> !snapshot.id().equals(self))
                .filter(snapshot -> ReplicaLiveness.live(snapshot, published.now(), staleAfter))
                .toList());
    }
}
