package cloud.yuntu.scene.ma;

import cloud.yuntu.scene.ma.MelTokenizer.Kind;
import cloud.yuntu.scene.parse.AttrValue;
import cloud.yuntu.scene.parse.CountingInput;
import cloud.yuntu.scene.parse.ParseLimits;
import cloud.yuntu.scene.parse.SceneParseException;
import cloud.yuntu.scene.parse.SceneVisitor;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Streams a Maya ASCII file statement by statement into a {@link SceneVisitor}. Only the
 * statements that carry facts (requires, currentUnit, fileInfo, file, createNode, select,
 * setAttr, addAttr, connectAttr) are interpreted; the other commands Maya writes are skipped
 * silently and anything else is reported as unknown.
 */
public final class MayaAsciiParser {

    private static final Pattern COMMAND = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HEADER = Pattern.compile("Maya ASCII (\\S+) scene.*");
    /** Commands Maya writes that say nothing the report needs. */
    private static final Set<String> IGNORED = Set.of("rename", "relationship", "parent", "lockNode",
            "dataStructure", "disconnectAttr", "sets", "setKeyframe", "applyMetadata", "instance", "reorder",
            "lightlink", "scriptJob", "evalDeferred");
    /** Flags followed by one argument, per command; every other flag stands alone. */
    private static final Set<String> SETATTR_ARG_FLAGS = Set.of("-k", "-keyable", "-l", "-lock", "-cb",
            "-channelBox", "-s", "-size", "-ch", "-caching", "-type", "-typ");
    private static final Set<String> SETATTR_SOLO_FLAGS = Set.of("-av", "-alteredValue", "-ca", "-clamp", "-c");
    private static final Set<String> FILE_ARG_FLAGS = Set.of("-rdi", "-ns", "-rfn", "-op", "-typ", "-type", "-dr",
            "-shd", "-rpr", "-lrd", "-mnp", "-lck", "-pmt", "-iv", "-ra", "-rtp");
    /** Enough for any header-like command; setAttr keeps flags + attribute + this many values. */
    private static final int MAX_COMMAND_TOKENS = 256;

    private final ParseLimits limits;

    public MayaAsciiParser(ParseLimits limits) {
        this.limits = limits;
    }

    public void parse(CountingInput input, SceneVisitor visitor) {
        new Run(input, visitor).run();
    }

    private final class Run {

        private final CountingInput input;
        private final MelTokenizer tokens;
        private final SceneVisitor visitor;
        private String currentNode;
        private boolean sawHeader;

        Run(CountingInput input, SceneVisitor visitor) {
            this.input = input;
            this.tokens = new MelTokenizer(input, limits.maxTokenBytes());
            this.visitor = visitor;
        }

        void run() {
            while (true) {
                Kind kind = tokens.next(true);
                switch (kind) {
                    case EOF -> {
                        if (!sawHeader) {
                            throw new SceneParseException("not-a-maya-file", "empty file, no //Maya ASCII header", 0);
                        }
                        return;
                    }
                    case COMMENT -> comment(tokens.text());
                    case END -> requireHeader(tokens.start());
                    case STRING -> {
                        requireHeader(tokens.start());
                        throw SceneParseException.malformed("a string where a command was expected", tokens.start());
                    }
                    case WORD -> {
                        requireHeader(tokens.start());
                        statement(tokens.text(), tokens.start());
                    }
                }
            }
        }

        private void requireHeader(long at) {
            if (!sawHeader) {
                throw new SceneParseException("not-a-maya-file", "no //Maya ASCII header before the first statement", at);
            }
        }

        private void comment(String text) {
            if (!sawHeader) {
                var header = HEADER.matcher(text.trim());
                if (!header.matches() || tokens.start() != 0) {
                    throw new SceneParseException("not-a-maya-file", "the file does not start with //Maya ASCII", 0);
                }
                sawHeader = true;
                visitor.mayaVersion(header.group(1));
                return;
            }
            if (text.startsWith("Codeset:")) {
                String codeset = text.substring("Codeset:".length()).trim();
                visitor.codeset(codeset);
                Optional<Charset> charset = Codesets.forName(codeset);
                if (charset.isPresent()) {
                    tokens.charset(charset.get());
                } else {
                    visitor.unknown("codeset '" + codeset + "' (strings read as UTF-8)", tokens.start());
                }
            }
        }

        private void statement(String command, long at) {
            if (!COMMAND.matcher(command).matches()) {
                throw SceneParseException.malformed("'" + abbreviate(command) + "' where a command was expected", at);
            }
            switch (command) {
                case "setAttr" -> setAttr(at);
                case "createNode" -> createNode(collect(command, MAX_COMMAND_TOKENS), at);
                case "select" -> select(collect(command, MAX_COMMAND_TOKENS));
                case "connectAttr" -> connectAttr(collect(command, MAX_COMMAND_TOKENS));
                case "addAttr" -> addAttr(collect(command, MAX_COMMAND_TOKENS));
                case "requires" -> requires(collect(command, MAX_COMMAND_TOKENS));
                case "currentUnit" -> currentUnit(collect(command, MAX_COMMAND_TOKENS));
                case "fileInfo" -> fileInfo(collect(command, MAX_COMMAND_TOKENS));
                case "file" -> file(collect(command, MAX_COMMAND_TOKENS), at);
                default -> {
                    if (!IGNORED.contains(command)) {
                        visitor.unknown("command '" + command + "'", at);
                    }
                    collect(command, 0);
                }
            }
        }

        /** The statement's tokens up to {@code ;}, the first {@code keep} of them stored. */
        private List<MelToken> collect(String command, int keep) {
            List<MelToken> list = new ArrayList<>();
            long begin = tokens.start();
            while (true) {
                boolean store = list.size() < keep;
                Kind kind = tokens.next(store);
                switch (kind) {
                    case END -> {
                        return list;
                    }
                    case EOF -> throw SceneParseException.truncated("the '" + command + "' statement that began at byte "
                            + begin + " (no closing ;)", tokens.offset());
                    case COMMENT -> { }
                    default -> {
                        if (store) {
                            list.add(tokens.token());
                        }
                    }
                }
            }
        }

        private void setAttr(long at) {
            List<MelToken> head = new ArrayList<>();
            MelToken attribute = null;
            String type = null;
            while (attribute == null) {
                Kind kind = tokens.next(true);
                if (kind == Kind.EOF) {
                    throw SceneParseException.truncated("the setAttr statement that began at byte " + at, tokens.offset());
                }
                if (kind == Kind.END) {
                    visitor.unknown("setAttr without an attribute", at);
                    return;
                }
                if (kind == Kind.COMMENT) {
                    continue;
                }
                MelToken token = tokens.token();
                if (token.isFlag()) {
                    if (SETATTR_ARG_FLAGS.contains(token.text()) && !SETATTR_SOLO_FLAGS.contains(token.text())) {
                        MelToken argument = nextValue(at);
                        if (token.text().equals("-type") || token.text().equals("-typ")) {
                            type = argument.text();
                        }
                    }
                    head.add(token);
                    continue;
                }
                attribute = token;
            }
            List<String> values = new ArrayList<>();
            boolean truncated = false;
            while (true) {
                boolean store = values.size() < limits.keptValueTokens();
                Kind kind = tokens.next(store);
                if (kind == Kind.END) {
                    break;
                }
                if (kind == Kind.EOF) {
                    throw SceneParseException.truncated("the setAttr statement that began at byte " + at + " (no closing ;)",
                            tokens.offset());
                }
                if (kind == Kind.COMMENT) {
                    continue;
                }
                if (!store) {
                    truncated = true;
                    continue;
                }
                String text = tokens.text();
                if (kind == Kind.WORD && values.isEmpty() && type == null && (text.equals("-type") || text.equals("-typ"))) {
                    type = nextValue(at).text();
                    continue;
                }
                values.add(text);
            }
            String plug = attribute.text();
            String node = currentNode;
            String name;
            if (plug.startsWith(".")) {
                name = plug.substring(1);
            } else {
                int dot = plug.indexOf('.');
                if (dot <= 0) {
                    visitor.unknown("setAttr of '" + abbreviate(plug) + "' (not a plug)", at);
                    return;
                }
                node = nodeName(plug.substring(0, dot));
                name = plug.substring(dot + 1);
            }
            if (node == null) {
                visitor.unknown("setAttr '" + abbreviate(plug) + "' before any createNode/select", at);
                return;
            }
            visitor.setAttr(node, name, new AttrValue(type, values, truncated));
        }

        private MelToken nextValue(long at) {
            Kind kind;
            do {
                kind = tokens.next(true);
            } while (kind == Kind.COMMENT);
            if (kind == Kind.EOF) {
                throw SceneParseException.truncated("the statement that began at byte " + at, tokens.offset());
            }
            if (kind == Kind.END) {
                throw SceneParseException.malformed("a flag without its argument in the statement that began at byte "
                        + at, tokens.start());
            }
            return tokens.token();
        }

        private void createNode(List<MelToken> args, long at) {
            String type = null;
            String name = null;
            String parent = null;
            for (int i = 0; i < args.size(); i++) {
                MelToken token = args.get(i);
                if (token.isFlag()) {
                    switch (token.text()) {
                        case "-n", "-name" -> name = argument(args, ++i, at);
                        case "-p", "-parent" -> parent = nodeName(argument(args, ++i, at));
                        default -> { }
                    }
                } else if (type == null) {
                    type = token.text();
                }
            }
            if (type == null) {
                throw SceneParseException.malformed("createNode without a node type", at);
            }
            if (name == null) {
                // Maya always writes -n; a nameless node still owns the setAttrs that follow.
                name = type + "#" + at;
            }
            currentNode = nodeName(name);
            visitor.createNode(type, currentNode, parent, at);
        }

        private void select(List<MelToken> args) {
            for (MelToken token : args) {
                if (!token.isFlag()) {
                    currentNode = nodeName(token.text());
                    visitor.selectNode(currentNode);
                    return;
                }
            }
        }

        private void connectAttr(List<MelToken> args) {
            List<String> plugs = args.stream().filter(t -> !t.isFlag()).map(MelToken::text).toList();
            if (plugs.size() >= 2) {
                visitor.connectAttr(stripRoot(plugs.get(0)), stripRoot(plugs.get(1)));
            }
        }

        private void addAttr(List<MelToken> args) {
            String longName = null;
            String shortName = null;
            String type = null;
            String node = currentNode;
            for (int i = 0; i < args.size(); i++) {
                MelToken token = args.get(i);
                if (!token.isFlag()) {
                    node = nodeName(token.text());
                    continue;
                }
                String value = i + 1 < args.size() ? args.get(i + 1).text() : null;
                switch (token.text()) {
                    case "-ln", "-longName" -> { longName = value; i++; }
                    case "-sn", "-shortName" -> { shortName = value; i++; }
                    case "-dt", "-dataType", "-at", "-attributeType" -> { type = value; i++; }
                    default -> {
                        // Other flags carry a value in Maya's output unless another flag follows at once.
                        if (value != null && !args.get(i + 1).isFlag()) {
                            i++;
                        }
                    }
                }
            }
            if (node != null && (longName != null || shortName != null)) {
                visitor.addAttr(node, longName, shortName, type);
            }
        }

        private void requires(List<MelToken> args) {
            List<String> nodeTypes = new ArrayList<>();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                MelToken token = args.get(i);
                if (token.isFlag()) {
                    if (i + 1 < args.size()) {
                        if (token.text().equals("-nodeType") || token.text().equals("-dataType")) {
                            nodeTypes.add(args.get(i + 1).text());
                        }
                        i++;
                    }
                } else {
                    positional.add(token.text());
                }
            }
            if (positional.isEmpty()) {
                return;
            }
            String name = positional.get(0);
            String version = positional.size() > 1 ? positional.get(1) : null;
            if (!name.equals("maya")) {
                visitor.requires(name, version, nodeTypes);
            }
        }

        private void currentUnit(List<MelToken> args) {
            String linear = null;
            String angular = null;
            String time = null;
            for (int i = 0; i + 1 < args.size(); i++) {
                switch (args.get(i).text()) {
                    case "-l", "-linear" -> linear = args.get(++i).text();
                    case "-a", "-angle" -> angular = args.get(++i).text();
                    case "-t", "-time" -> time = args.get(++i).text();
                    default -> { }
                }
            }
            visitor.currentUnit(linear, angular, time);
        }

        private void fileInfo(List<MelToken> args) {
            List<String> positional = args.stream().filter(t -> !t.isFlag()).map(MelToken::text).toList();
            if (positional.size() >= 2) {
                visitor.fileInfo(positional.get(0), positional.get(1));
            }
        }

        private void file(List<MelToken> args, long at) {
            boolean reference = false;
            int depth = 0;
            boolean deferred = false;
            String namespace = null;
            String referenceNode = null;
            String path = null;
            for (int i = 0; i < args.size(); i++) {
                MelToken token = args.get(i);
                if (token.isFlag()) {
                    String flag = token.text();
                    if (flag.equals("-r") || flag.equals("-reference")) {
                        reference = true;
                        depth = Math.max(depth, 1);
                    } else if (FILE_ARG_FLAGS.contains(flag)) {
                        String value = argument(args, ++i, at);
                        switch (flag) {
                            case "-rdi" -> {
                                reference = true;
                                depth = parseDepth(value, at);
                            }
                            case "-ns" -> namespace = value;
                            case "-rfn" -> referenceNode = value;
                            case "-dr" -> deferred = !value.equals("0");
                            default -> { }
                        }
                    }
                } else {
                    path = token.text();
                }
            }
            if (reference && path != null) {
                visitor.reference(path, namespace, referenceNode, depth, deferred, at);
            } else if (!reference) {
                visitor.unknown("file command without -r/-rdi", at);
            }
        }

        private int parseDepth(String value, long at) {
            try {
                int depth = Integer.parseInt(value);
                if (depth < 1 || depth > 1000) {
                    throw SceneParseException.malformed("reference depth " + value + " out of range", at);
                }
                return depth;
            } catch (NumberFormatException e) {
                throw SceneParseException.malformed("reference depth '" + abbreviate(value) + "' is not a number", at);
            }
        }

        private static String argument(List<MelToken> args, int index, long at) {
            if (index >= args.size()) {
                throw SceneParseException.malformed("a flag without its argument in the statement that began at byte "
                        + at, at);
            }
            return args.get(index).text();
        }
    }

    /** Node names as the report uses them: the root namespace's leading ':' dropped. */
    static String nodeName(String name) {
        return name.startsWith(":") ? name.substring(1) : name;
    }

    private static String stripRoot(String plug) {
        return nodeName(plug);
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
