package cloud.yuntu.task.tier;

/**
 * Minimum hardware a task needs; a null field asks nothing. Field names are those of the
 * {@code requirements} object of {@code POST /api/tasks}, so a refusal names them as the user wrote them.
 */
public record Requirements(Integer ramGb, Integer gpus, Integer gpuMemoryGb) {
}
