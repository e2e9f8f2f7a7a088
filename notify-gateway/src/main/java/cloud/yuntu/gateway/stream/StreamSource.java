package cloud.yuntu.gateway.stream;

import io.smallrye.mutiny.Uni;
import java.util.List;

/** What a connection reads of its stream: where it stands, and the events it missed. */
public interface StreamSource {

    /** The stream's head, creating the stream when it has none yet. */
    Uni<StreamHead> open(String stream);

    /** The retained events after {@code afterSeq} up to {@code upToSeq}, at most {@code limit}, in order. */
    Uni<List<StreamRecord>> after(String stream, long afterSeq, long upToSeq, int limit);
}
