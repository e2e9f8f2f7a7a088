package cloud.yuntu.task.lifecycle;

import cloud.yuntu.contracts.frame.Resolution;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The task_layer table; the only writer of {@code task.task_layer}. */
@ApplicationScoped
public class TaskLayers {

    /**
     * The columns of alias {@code l}, named so they never clash with {@link Tasks#COLUMNS} or
     * {@code frame} columns in a join ({@code JOIN task.task_layer l ON l.task_id = f.task_id AND l.name = f.layer}).
     */
    public static final String COLUMNS = """
            l.task_id AS layer_task_id, l.name AS layer_name, l.renderer AS layer_renderer, l.camera AS layer_camera,
            l.resolution_width AS layer_width, l.resolution_height AS layer_height, l.image_format AS layer_image_format,
            l.output_prefix AS layer_output_prefix, l.frames_spec AS layer_frames_spec, l.frames_total AS layer_frames_total""";

    /** Every layer of a task in one statement. */
    public Uni<Void> insert(SqlClient sql, List<TaskLayer> layers) {
        if (layers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = layers.size();
        UUID[] task = new UUID[n];
        String[] name = new String[n];
        String[] renderer = new String[n];
        String[] camera = new String[n];
        Integer[] width = new Integer[n];
        Integer[] height = new Integer[n];
        String[] format = new String[n];
        String[] prefix = new String[n];
        String[] spec = new String[n];
        Integer[] total = new Integer[n];
        for (int i = 0; i < n; i++) {
            TaskLayer l = layers.get(i);
            task[i] = l.taskId();
            name[i] = l.name();
            renderer[i] = l.renderer();
            camera[i] = l.camera();
            width[i] = l.resolution() == null ? null : l.resolution().width();
            height[i] = l.resolution() == null ? null : l.resolution().height();
            format[i] = l.imageFormat();
            prefix[i] = l.outputPrefix();
            spec[i] = l.framesSpec();
            total[i] = l.framesTotal();
        }
        return sql.preparedQuery("""
                        INSERT INTO task.task_layer (task_id, name, renderer, camera, resolution_width, resolution_height,
                            image_format, output_prefix, frames_spec, frames_total)
                        SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[],
                            $8::text[], $9::text[], $10::int[])""")
                .execute(Tuple.from(new Object[] {task, name, renderer, camera, width, height, format, prefix, spec, total}))
                .replaceWithVoid();
    }

    public Uni<List<TaskLayer>> ofTask(SqlClient sql, UUID taskId) {
        return ofTasks(sql, List.of(taskId)).map(byTask -> byTask.getOrDefault(taskId, List.of()));
    }

    /** The layers of several tasks in one query, by task, each task's in name order. */
    public Uni<Map<UUID, List<TaskLayer>>> ofTasks(SqlClient sql, List<UUID> taskIds) {
        if (taskIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM task.task_layer l WHERE l.task_id = ANY($1) ORDER BY l.task_id, l.name")
                .execute(Tuple.of(taskIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, List<TaskLayer>> byTask = new LinkedHashMap<>();
                    rows.forEach(r -> byTask.computeIfAbsent(r.getUUID("layer_task_id"), id -> new ArrayList<>()).add(from(r)));
                    return byTask;
                });
    }

    /** A layer from a row that holds {@link #COLUMNS}. */
    public static TaskLayer from(Row r) {
        Integer width = r.getInteger("layer_width");
        Integer height = r.getInteger("layer_height");
        return new TaskLayer(r.getUUID("layer_task_id"), r.getString("layer_name"), r.getString("layer_renderer"),
                r.getString("layer_camera"), width == null || height == null ? null : new Resolution(width, height),
                r.getString("layer_image_format"), r.getString("layer_output_prefix"), r.getString("layer_frames_spec"),
                r.getInteger("layer_frames_total"));
    }
}
