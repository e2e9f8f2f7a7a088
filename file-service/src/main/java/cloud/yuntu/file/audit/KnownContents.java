package cloud.yuntu.file.audit;

import cloud.yuntu.file.asset.AssetKeys;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * What the tables know of the store's contents, one statement per page of a listing ({@code unnest} of its
 * names). Reads only: every table keeps its own writer.
 */
@ApplicationScoped
public class KnownContents {

    /**
     * Those of {@code keys} a table names: a catalogued object ({@code file.stored_object}), a confirmed result
     * ({@code file.confirmed_result}), or for an asset key its content ({@code file.asset_blob}).
     */
    public Uni<Set<String>> keys(SqlClient client, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return client.preparedQuery("""
                        SELECT k.key FROM unnest($1::text[]) AS k(key)
                        WHERE EXISTS (SELECT 1 FROM file.stored_object o WHERE o.key = k.key)
                           OR EXISTS (SELECT 1 FROM file.confirmed_result r WHERE r.key = k.key)
                           OR (left(k.key, length($2)) = $2 AND EXISTS (SELECT 1 FROM file.asset_blob b
                                   WHERE b.sha256 = substr(k.key, length($2) + 1)::char(64)))""")
                .execute(Tuple.tuple().addArrayOfString(keys.toArray(String[]::new)).addString(AssetKeys.PREFIX))
                .map(rows -> column(rows, "key"));
    }

    /**
     * Those of {@code uploadStarts} that begin the store reference of a recorded resumable upload
     * ({@code file.resumable_upload.store_upload}): the working entries of uploads that are still recorded.
     * Uploads are kept a day, so the table is small and read whole for each page.
     */
    public Uni<Set<String>> uploads(SqlClient client, Collection<String> uploadStarts) {
        if (uploadStarts.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return client.preparedQuery("""
                        SELECT w.start FROM unnest($1::text[]) AS w(start)
                        WHERE EXISTS (SELECT 1 FROM file.resumable_upload u
                                      WHERE left(u.store_upload, length(w.start)) = w.start)""")
                .execute(Tuple.tuple().addArrayOfString(uploadStarts.toArray(String[]::new)))
                .map(rows -> column(rows, "start"));
    }

    private static Set<String> column(Iterable<Row> rows, String name) {
        Set<String> values = new HashSet<>();
        rows.forEach(row -> values.add(row.getString(name)));
        return values;
    }
}
