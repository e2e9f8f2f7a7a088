package cloud.yuntu.file.upload.resumable;

import cloud.yuntu.file.storage.MultipartStore.StoredPart;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The received-part table, its one writer (callers open the session or transaction). */
@ApplicationScoped
public class ReceivedParts implements PanacheRepositoryBase<ReceivedPart, ReceivedPart.Key> {

    /** Records a part the store now holds; a part sent again replaces the earlier description. */
    Uni<Void> record(UUID uploadId, StoredPart part, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO file.upload_part (upload_id, part_number, size, md5, received_at)
                        VALUES (:upload, :number, :size, :md5, :now)
                        ON CONFLICT (upload_id, part_number) DO UPDATE SET size = EXCLUDED.size, md5 = EXCLUDED.md5,
                            received_at = EXCLUDED.received_at""")
                .setParameter("upload", uploadId)
                .setParameter("number", part.partNumber())
                .setParameter("size", part.size())
                .setParameter("md5", part.md5())
                .setParameter("now", now)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The upload's parts, by part number. */
    Uni<List<StoredPart>> of(UUID uploadId) {
        return list("uploadId = ?1 order by partNumber", uploadId)
                .map(parts -> parts.stream().map(p -> new StoredPart(p.partNumber, p.size, p.md5)).toList());
    }

    Uni<Long> removeAll(Collection<UUID> uploadIds) {
        return uploadIds.isEmpty() ? Uni.createFrom().item(0L) : delete("uploadId in ?1", uploadIds);
    }
}
