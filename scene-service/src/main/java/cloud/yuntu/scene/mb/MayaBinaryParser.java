package cloud.yuntu.scene.mb;

import cloud.yuntu.scene.parse.AttrValue;
import cloud.yuntu.scene.parse.CountingInput;
import cloud.yuntu.scene.parse.ParseLimits;
import cloud.yuntu.scene.parse.SceneParseException;
import cloud.yuntu.scene.parse.SceneVisitor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Streams a Maya Binary file (IFF) into a {@link SceneVisitor}, one pass, front to back.
 *
 * <p>FOR4 files: chunk header = tag (4) + size (int32), leaf data padded to 4 bytes. FOR8 files
 * (Maya 2014+): tag (4) + 4 unused bytes + size (int64), leaf data padded to 8 bytes. In both,
 * a group's size counts its 4-byte form type and its children exactly; groups are padded to 4
 * (in FOR8 a group's size is 4 more than a multiple of 8, and its next sibling follows at once).
 * Time values are integer ticks: int32 at 6000/s in FOR4, int64 at the {@code TDUR} rate
 * (141120000/s) in FOR8.
 */
public final class MayaBinaryParser {

    private static final Set<String> GROUPS = Set.of("FOR4", "LIS4", "CAT4", "PRO4", "FOR8", "LIS8", "CAT8", "PRO8");
    /** Attributes whose DBLE chunk carries ticks, not a double (time1.outTime/unwarpedTime, render globals' frame range). */
    private static final Set<String> TIME_ATTRIBUTES = Set.of("o", "outTime", "unw", "unwarpedTime", "fs", "startFrame",
            "ef", "endFrame", "bfs", "byFrameStep");
    private static final long FOR4_TICKS_PER_SECOND = 6000;

    private final ParseLimits limits;

    public MayaBinaryParser(ParseLimits limits) {
        this.limits = limits;
    }

    public void parse(CountingInput input, SceneVisitor visitor) {
        new Run(input, visitor).run();
    }

    private final class Run {

        private final CountingInput in;
        private final SceneVisitor visitor;
        private boolean wide;
        private int leafAlignment;
        private long ticksPerSecond = FOR4_TICKS_PER_SECOND;
        private double framesPerSecond = 24;
        private String currentNode;
        private String nodeType;
        private String linear;
        private String angular;
        private String time;

        Run(CountingInput in, SceneVisitor visitor) {
            this.in = in;
            this.visitor = visitor;
        }

        void run() {
            byte[] magic = new byte[4];
            try {
                in.readFully(magic, 0, 4, "the IFF header");
            } catch (SceneParseException e) {
                throw new SceneParseException("not-a-maya-file", "shorter than an IFF header", in.offset());
            }
            String tag = ascii(magic);
            if (!tag.equals("FOR4") && !tag.equals("FOR8")) {
                throw new SceneParseException("not-a-maya-file", "no FOR4/FOR8 IFF header", 0);
            }
            wide = tag.equals("FOR8");
            leafAlignment = wide ? 8 : 4;
            long size = readSize(tag, 0, Long.MAX_VALUE);
            long dataStart = in.offset();
            if (size < 4) {
                throw SceneParseException.malformed("top-level form of " + size + " bytes", 0);
            }
            String form = readTag("the top-level form type");
            if (!form.equals("Maya")) {
                throw new SceneParseException("not-a-maya-file", "IFF form type '" + printable(form) + "' is not Maya", dataStart);
            }
            children(dataStart + size, 1, "Maya");
            long trailing = in.drain();
            if (trailing > 0) {
                visitor.unknown(trailing + " bytes after the top-level form", dataStart + size);
            }
        }

        private void children(long end, int depth, String form) {
            while (in.offset() < end) {
                long chunkStart = in.offset();
                if (end - chunkStart < (wide ? 16 : 8)) {
                    throw SceneParseException.malformed((end - chunkStart) + " stray bytes at the end of form '"
                            + printable(form) + "'", chunkStart);
                }
                String tag = readTag("a chunk header");
                long size = readSize(tag, chunkStart, end);
                long dataStart = in.offset();
                if (GROUPS.contains(tag)) {
                    if (size < 4) {
                        throw SceneParseException.malformed("group '" + tag + "' of " + size + " bytes", chunkStart);
                    }
                    if (depth >= limits.maxChunkDepth()) {
                        throw SceneParseException.limit("groups nested deeper than " + limits.maxChunkDepth(), chunkStart);
                    }
                    String type = readTag("a form type");
                    group(type, dataStart + size, depth + 1, chunkStart);
                    if (in.offset() != dataStart + size) {
                        throw SceneParseException.malformed("group '" + printable(type) + "' ends at byte " + in.offset()
                                + ", not at its declared end " + (dataStart + size), chunkStart);
                    }
                    pad(size, 4, end);
                } else {
                    leaf(tag, size, chunkStart, form);
                    pad(size, leafAlignment, end);
                }
            }
        }

        /** Steps over a group's children checking sizes and nesting, interpreting nothing. */
        private void walk(long end, int depth) {
            while (in.offset() < end) {
                long chunkStart = in.offset();
                if (end - chunkStart < (wide ? 16 : 8)) {
                    in.skip(end - chunkStart, "group padding");
                    return;
                }
                String tag = readTag("a chunk header");
                long size = readSize(tag, chunkStart, end);
                if (GROUPS.contains(tag) && size >= 4) {
                    if (depth >= limits.maxChunkDepth()) {
                        throw SceneParseException.limit("groups nested deeper than " + limits.maxChunkDepth(), chunkStart);
                    }
                    long groupEnd = in.offset() + size;
                    readTag("a form type");
                    walk(groupEnd, depth + 1);
                    pad(size, 4, end);
                } else {
                    in.skip(size, "chunk '" + printable(tag) + "'");
                    pad(size, leafAlignment, end);
                }
            }
        }

        private void pad(long size, int alignment, long end) {
            long padding = (alignment - size % alignment) % alignment;
            in.skip(Math.min(padding, end - in.offset()), "chunk padding");
        }

        private void group(String type, long end, int depth, long chunkStart) {
            switch (type) {
                case "HEAD" -> {
                    children(end, depth, type);
                    if (linear != null || angular != null || time != null) {
                        visitor.currentUnit(linear, angular, time);
                    }
                }
                case "SLCT", "CONS", "CONN" -> children(end, depth, type);
                default -> {
                    if (depth == 2) {
                        currentNode = null;
                        nodeType = MayaTypeIds.nodeType(printable(type));
                        children(end, depth, type);
                    } else {
                        // Nested groups inside a node carry nothing the report reads; their structure is still checked.
                        walk(end, depth);
                    }
                }
            }
        }

        private void leaf(String tag, long size, long chunkStart, String form) {
            if (size > limits.maxLeafBytes()) {
                visitor.unknown("chunk '" + printable(tag) + "' of " + size + " bytes skipped unread", chunkStart);
                in.skip(size, "chunk '" + printable(tag) + "'");
                return;
            }
            byte[] data = new byte[(int) size];
            in.readFully(data, 0, data.length, "chunk '" + printable(tag) + "'");
            switch (tag) {
                case "VERS" -> visitor.mayaVersion(cString(data, 0));
                case "PLUG" -> {
                    List<String> parts = cStrings(data);
                    if (!parts.isEmpty()) {
                        visitor.requires(parts.get(0), parts.size() > 1 ? parts.get(1) : null, List.of());
                    }
                }
                case "FINF" -> {
                    List<String> parts = cStrings(data);
                    if (parts.size() >= 2) {
                        visitor.fileInfo(parts.get(0), parts.get(1));
                    }
                }
                case "LUNI" -> linear = MbUnits.linear(cString(data, 0));
                case "AUNI" -> angular = MbUnits.angular(cString(data, 0));
                case "TUNI" -> {
                    time = cString(data, 0);
                    framesPerSecond = MbUnits.framesPerSecond(time);
                }
                case "TDUR" -> ticksPerSecond = tickRate(cString(data, 0), chunkStart);
                case "CREA" -> create(data, chunkStart);
                case "SLCT" -> {
                    if (form.equals("SLCT")) {
                        currentNode = nodeName(cString(data, 0));
                        visitor.selectNode(currentNode);
                    }
                }
                case "CWFL" -> {
                    List<String> plugs = cStrings(data, 1);
                    if (plugs.size() >= 2) {
                        visitor.connectAttr(nodeName(plugs.get(0)), nodeName(plugs.get(1)));
                    }
                }
                case "FREF", "FRDI" -> reference(tag, data, chunkStart);
                case "UVER", "MADE", "CHNG", "ICON", "INFO", "OBJN", "INCL", "RLVR", "ATTR", "FLGS", "BCSZ" -> { }
                default -> attribute(tag, data, chunkStart, form);
            }
        }

        private void create(byte[] data, long chunkStart) {
            if (data.length < 2) {
                throw SceneParseException.malformed("CREA chunk without a node name", chunkStart);
            }
            String name = cString(data, 1);
            int next = 1 + utf8Length(data, 1) + 1;
            String parent = null;
            if (next < data.length && isNameStart(data[next])) {
                parent = nodeName(cString(data, next));
            }
            currentNode = nodeName(name);
            visitor.createNode(nodeType, currentNode, parent, chunkStart);
        }

        private void reference(String tag, byte[] data, long chunkStart) {
            // Layout not documented: the path is the string naming a scene file; the namespace is not decoded.
            String path = null;
            for (String part : cStrings(data)) {
                if (part.matches("(?i).+\\.(ma|mb|abc|fbx|usd|usda|usdc|obj)")) {
                    path = part;
                }
            }
            if (path == null) {
                visitor.unknown("reference chunk '" + tag + "' without a recognisable path", chunkStart);
                return;
            }
            visitor.reference(path, null, null, 1, false, chunkStart);
        }

        private void attribute(String tag, byte[] data, long chunkStart, String form) {
            if (currentNode == null) {
                visitor.unknown("chunk '" + printable(tag) + "' in form '" + printable(form) + "'", chunkStart);
                return;
            }
            int nameEnd = indexOfNul(data, 0);
            if (nameEnd <= 0 || nameEnd + 1 >= data.length + 1) {
                visitor.unknown("attribute chunk '" + printable(tag) + "' without a name", chunkStart);
                return;
            }
            String attribute = new String(data, 0, nameEnd, StandardCharsets.UTF_8);
            int valueStart = nameEnd + 2; // the NUL, then one flag byte
            if (valueStart > data.length) {
                visitor.unknown("attribute chunk '" + printable(tag) + "' too short", chunkStart);
                return;
            }
            ByteBuffer value = ByteBuffer.wrap(data, valueStart, data.length - valueStart);
            List<String> tokens = new ArrayList<>();
            String type = tag.trim();
            switch (tag) {
                case "STR " -> tokens.add(cString(data, valueStart));
                case "DBLE" -> {
                    if (TIME_ATTRIBUTES.contains(attribute) && value.remaining() == (wide ? 8 : 4)) {
                        long ticks = wide ? value.getLong() : value.getInt();
                        tokens.add(number(ticks * framesPerSecond / ticksPerSecond));
                        type = "time";
                    } else {
                        doubles(value, tokens);
                    }
                }
                case "DBL2", "DBL3", "DBL4" -> doubles(value, tokens);
                case "FLT2", "FLT3", "FLT4", "FLTE" -> {
                    while (value.remaining() >= 4 && tokens.size() < limits.keptValueTokens()) {
                        tokens.add(number(value.getFloat()));
                    }
                }
                default -> {
                    // Arrays, matrices, meshes: the report needs none of them, so they are not decoded.
                }
            }
            visitor.setAttr(currentNode, attribute, new AttrValue(type, tokens, false));
        }

        private void doubles(ByteBuffer value, List<String> tokens) {
            while (value.remaining() >= 8 && tokens.size() < limits.keptValueTokens()) {
                tokens.add(number(value.getDouble()));
            }
        }

        private long tickRate(String text, long chunkStart) {
            try {
                long rate = Long.parseLong(text.trim());
                if (rate <= 0) {
                    throw SceneParseException.malformed("TDUR tick rate " + rate, chunkStart);
                }
                return rate;
            } catch (NumberFormatException e) {
                throw SceneParseException.malformed("TDUR tick rate '" + printable(text) + "' is not a number", chunkStart);
            }
        }

        private String readTag(String what) {
            byte[] tag = new byte[4];
            in.readFully(tag, 0, 4, what);
            return ascii(tag);
        }

        private long readSize(String tag, long chunkStart, long parentEnd) {
            byte[] raw = new byte[wide ? 12 : 4];
            in.readFully(raw, 0, raw.length, "the header of chunk '" + printable(tag) + "'");
            ByteBuffer buffer = ByteBuffer.wrap(raw);
            long size;
            if (wide) {
                buffer.getInt(); // unused, often uninitialised memory in real files
                size = buffer.getLong();
            } else {
                size = Integer.toUnsignedLong(buffer.getInt());
            }
            long available = parentEnd - in.offset();
            if (size < 0 || size > available) {
                throw SceneParseException.malformed("chunk '" + printable(tag) + "' claims " + Long.toUnsignedString(size)
                        + " bytes but its parent has only " + available + " left", chunkStart);
            }
            return size;
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String nodeName(String name) {
        return name.startsWith(":") ? name.substring(1) : name;
    }

    private static boolean isNameStart(byte b) {
        return b == '|' || b == ':' || b == '_' || Character.isLetter(b);
    }

    private static int indexOfNul(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int utf8Length(byte[] data, int from) {
        int nul = indexOfNul(data, from);
        return (nul < 0 ? data.length : nul) - from;
    }

    private static String cString(byte[] data, int from) {
        if (from >= data.length) {
            return "";
        }
        return new String(data, from, utf8Length(data, from), StandardCharsets.UTF_8);
    }

    private static List<String> cStrings(byte[] data) {
        return cStrings(data, 0);
    }

    private static List<String> cStrings(byte[] data, int from) {
        List<String> parts = new ArrayList<>();
        int start = from;
        for (int i = from; i < data.length; i++) {
            if (data[i] == 0) {
                parts.add(new String(data, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < data.length) {
            parts.add(new String(data, start, data.length - start, StandardCharsets.UTF_8));
        }
        return parts;
    }

    private static String ascii(byte[] tag) {
        return new String(tag, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String tag) {
        StringBuilder out = new StringBuilder();
        for (char c : tag.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return out.toString();
    }
}
