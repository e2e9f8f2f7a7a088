package cloud.yuntu.gateway.stream;

import java.util.UUID;

/** Where a stream stands: its epoch and the seq of its newest event (0 before the first). */
public record StreamHead(UUID epoch, long lastSeq) {
}
