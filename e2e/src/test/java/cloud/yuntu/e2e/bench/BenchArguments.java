package cloud.yuntu.e2e.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The command line of a {@code ./yuntu bench} command: {@code --name number} pairs, each name one the command knows. */
public final class BenchArguments {

    private BenchArguments() {
    }

    /**
     * @param usage the command's usage line, the message for an unknown option or a missing value
     * @param names the options the command knows, with their dashes ({@code --agents})
     * @return each given option's number, by its name without the dashes
     * @throws IllegalArgumentException for an unknown option, a missing value, or a value that is no whole number
     */
    public static Map<String, Integer> wholeNumbers(String usage, Set<String> names, String... args) {
        Map<String, Integer> given = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 >= args.length || !names.contains(name)) {
                throw new IllegalArgumentException(usage);
            }
            try {
                given.put(name.substring(2), Integer.parseInt(args[i + 1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " takes a whole number, not " + args[i + 1]);
            }
        }
        return given;
    }
}
