package cloud.yuntu.gateway.stream;

import io.smallrye.mutiny.Uni;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** What a connection reads of its stream: where it stands, and the events it missed. */
public interface StreamSource {

    /** The stream's head, creating the stream when it has none yet. */
    Uni<StreamHead> open(String stream);

    /** The last seq of each of the streams that exist, by stream id. */
    Uni<Map<String, Long>> lastSeqs(Collection<String> streams);

    /** The retained events after {@code afterSeq} up to {@code upToSeq}, at most {@code limit}, in order. */
    Uni<List<StreamRecord>> after(String stream, long afterSeq, long upToSeq, int limit);
}
