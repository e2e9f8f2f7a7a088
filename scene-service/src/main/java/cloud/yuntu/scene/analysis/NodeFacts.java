package cloud.yuntu.scene.analysis;

import cloud.yuntu.scene.parse.AttrValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What the analysis keeps about one node it cares about: its type, parent and written values. */
final class NodeFacts {

    /** A node writes far fewer interesting values than this; the cap only stops hostile files. */
    private static final int MAX_VALUES = 4096;

    private final String name;
    private String type;
    private String parent;
    private final Map<String, AttrValue> values = new HashMap<>();
    private final Map<String, String> longNames = new HashMap<>();

    NodeFacts(String name, String type, String parent) {
        this.name = name;
        this.type = type;
        this.parent = parent;
    }

    String name() {
        return name;
    }

    /** Null for a node only ever selected ({@code select -ne}), never created in this file. */
    String type() {
        return type;
    }

    String parent() {
        return parent;
    }

    void created(String type, String parent) {
        this.type = type;
        this.parent = parent;
    }

    void set(String attribute, AttrValue value) {
        if (values.size() < MAX_VALUES || values.containsKey(attribute)) {
            values.put(attribute, value);
        }
    }

    void alias(String longName, String shortName) {
        if (longName != null && shortName != null) {
            longNames.put(shortName, longName);
        }
    }

    /** The value written under any of the names (short or long) an attribute goes by. */
    Optional<AttrValue> value(String... names) {
        for (String candidate : names) {
            AttrValue value = values.get(candidate);
            if (value != null) {
                return Optional.of(value);
            }
        }
        for (Map.Entry<String, String> alias : longNames.entrySet()) {
            for (String candidate : names) {
                if (alias.getValue().equals(candidate) && values.containsKey(alias.getKey())) {
                    return Optional.of(values.get(alias.getKey()));
                }
            }
        }
        return Optional.empty();
    }

    Optional<String> text(String... names) {
        return value(names).map(AttrValue::text).filter(t -> t != null);
    }

    Optional<Double> number(String... names) {
        return value(names).flatMap(v -> {
            var n = v.number();
            return n.isPresent() ? Optional.of(n.getAsDouble()) : Optional.empty();
        });
    }

    boolean flag(boolean defaultValue, String... names) {
        return number(names).map(n -> n != 0).orElse(defaultValue);
    }

    Map<String, AttrValue> values() {
        return values;
    }
}
