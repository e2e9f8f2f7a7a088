package cloud.yuntu.e2e.pushload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The soft limit of open files of a process, from its {@code /proc/<pid>/limits}. */
final class OpenFilesLimit {

    private OpenFilesLimit() {
    }

    /** @return the limit, {@link Long#MAX_VALUE} for unlimited */
    static long of(Path limits) throws IOException {
        return parse(Files.readString(limits));
    }

    /** The soft limit on the {@code Max open files} line of a {@code limits} file. */
    static long parse(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return "unlimited".equals(soft) ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        throw new IllegalArgumentException("no \"Max open files\" line");
    }
}
