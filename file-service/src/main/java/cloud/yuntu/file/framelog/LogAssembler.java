package cloud.yuntu.file.framelog;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts an attempt's batches together into the text of its log. Batches come in the order of their
 * first line; each line is written once, whichever batches repeat it (a redelivery, an overlap), and
 * lines no batch brought (a batch that never arrived) are marked where they are missing, so a reader
 * is not misled into taking two distant parts of the log for neighbours. Lines missing after the last
 * batch cannot be told from a log that ended there. Pure; one instance per download.
 */
final class LogAssembler {

    private long next;

    /**
     * @param firstLine number of the batch's first line; not below that of the batch before
     * @return the lines this batch adds to the text, a gap mark first when lines before it are missing
     */
    List<String> accept(long firstLine, List<String> lines) {
        List<String> out = new ArrayList<>(lines.size() + 1);
        if (firstLine > next) {
            out.add(gap(firstLine - next));
        }
        int seen = (int) Math.min(lines.size(), Math.max(0, next - firstLine));
        out.addAll(lines.subList(seen, lines.size()));
        next = Math.max(next, firstLine + lines.size());
        return out;
    }

    /** The line that stands for {@code count} lines no batch brought. */
    static String gap(long count) {
        return "[… " + count + (count == 1 ? " line" : " lines") + " missing …]";
    }
}
