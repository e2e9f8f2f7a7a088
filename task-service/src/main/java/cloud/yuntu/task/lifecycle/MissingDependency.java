package cloud.yuntu.task.lifecycle;

/**
 * A file the scene needs that was not uploaded with it, as the analysis reported it
 * (warning {@code missing-dependency}).
 *
 * @param node the Maya node that names the file
 * @param kind texture, reference, alembic, ... (null when the report did not list the dependency)
 * @param path the path as the scene writes it (null when the report did not list the dependency)
 */
public record MissingDependency(String node, String kind, String path, String message) {
}
