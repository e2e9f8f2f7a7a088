package cloud.yuntu.scene.report;

import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.scene.analysis.SceneAnalyser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * Reports by content (table {@code scene.scene_report}, key sha256) and the analysis requests
 * already answered (table {@code scene.answered_request}, key event id).
 */
@ApplicationScoped
public class ReportCatalog {

    private final Pool pool;

    ReportCatalog(Pool pool) {
        this.pool = pool;
    }

    /** The report of these bytes written by the current analysis ({@link SceneAnalyser#VERSION}); older ones are not answers. */
    public Uni<Optional<SceneReport>> find(String sha256) {
        return pool.preparedQuery("SELECT report FROM scene.scene_report WHERE sha256 = $1 AND analysis_version = $2")
                .execute(Tuple.of(sha256, SceneAnalyser.VERSION))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? Optional.of(read(it.next().getJsonObject("report"))) : Optional.empty();
                });
    }

    /**
     * Stores the report unless identical bytes were stored first by the same analysis version (both
     * are the same report); a report of an older analysis is replaced.
     */
    public Uni<Void> save(SceneReport report) {
        return pool.preparedQuery("""
                        INSERT INTO scene.scene_report (sha256, size_bytes, format, report, analysed_at, analysis_version)
                        VALUES ($1, $2, $3, $4, now(), $5) ON CONFLICT (sha256) DO UPDATE
                        SET report = EXCLUDED.report, analysed_at = EXCLUDED.analysed_at,
                            analysis_version = EXCLUDED.analysis_version
                        WHERE scene.scene_report.analysis_version <> EXCLUDED.analysis_version""")
                .execute(Tuple.of(report.file().sha256(), report.file().sizeBytes(), report.file().format(), write(report),
                        SceneAnalyser.VERSION))
                .replaceWithVoid();
    }

    /** True when the request had not been answered before (and now counts as answered). */
    public Uni<Boolean> markAnswered(UUID requestId, String sceneKey) {
        return pool.preparedQuery("""
                        INSERT INTO scene.answered_request (event_id, scene_key, answered_at) VALUES ($1, $2, now())
                        ON CONFLICT (event_id) DO NOTHING""")
                .execute(Tuple.of(requestId, sceneKey))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Boolean> answered(UUID requestId) {
        return pool.preparedQuery("SELECT 1 FROM scene.answered_request WHERE event_id = $1")
                .execute(Tuple.of(requestId))
                .map(rows -> rows.size() > 0);
    }

    private static JsonObject write(SceneReport report) {
        try {
            return new JsonObject(FarmJson.mapper().writeValueAsString(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report not serialisable", e);
        }
    }

    private static SceneReport read(JsonObject json) {
        try {
            return FarmJson.mapper().readValue(json.encode(), SceneReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored report unreadable", e);
        }
    }
}
