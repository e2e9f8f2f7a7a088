package cloud.yuntu.task.project;

import cloud.yuntu.contracts.frame.SceneManifest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The task_asset table: the files of each task's project besides its scene. */
@ApplicationScoped
public class TaskAssets {

    /** One statement for the whole list: a project of thousands of files is one round trip. */
    public Uni<Void> insert(SqlClient sql, UUID taskId, List<SceneManifest.Asset> assets) {
        if (assets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] paths = new String[assets.size()];
        String[] digests = new String[assets.size()];
        Long[] sizes = new Long[assets.size()];
        for (int i = 0; i < assets.size(); i++) {
            SceneManifest.Asset asset = assets.get(i);
            paths[i] = asset.path();
            digests[i] = asset.object().sha256();
            sizes[i] = asset.object().size();
        }
        return sql.preparedQuery("""
                        INSERT INTO task.task_asset (task_id, path, sha256, size)
                        SELECT $1, p, d, s FROM unnest($2::text[], $3::text[], $4::bigint[]) AS a(p, d, s)""")
                .execute(Tuple.of(taskId, paths, digests, sizes))
                .replaceWithVoid();
    }

    /** The project files of each of {@code taskIds}, in path order; a task without any is absent. */
    public Uni<Map<UUID, List<SceneManifest.Asset>>> of(SqlClient sql, Collection<UUID> taskIds) {
        if (taskIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return sql.preparedQuery("""
                        SELECT task_id, path, sha256, size FROM task.task_asset
                        WHERE task_id = ANY ($1) ORDER BY task_id, path""")
                .execute(Tuple.of(taskIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, List<SceneManifest.Asset>> assets = new HashMap<>();
                    rows.forEach(r -> assets.computeIfAbsent(r.getUUID("task_id"), id -> new ArrayList<>())
                            .add(SceneManifest.Asset.of(r.getString("path"), r.getString("sha256"), r.getLong("size"))));
                    return assets;
                });
    }
}
