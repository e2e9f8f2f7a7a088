package cloud.yuntu.e2e.pushload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenFilesLimitTest {

    private static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units
            Max cpu time              unlimited            unlimited            seconds
            Max open files            20000                65536                files
            Max locked memory         8388608              8388608              bytes
            """;

    @Test
    void theSoftLimitIsWhatAProcessMayOpen() {
        assertThat(OpenFilesLimit.parse(LIMITS)).isEqualTo(20_000);
    }

    @Test
    void unlimitedIsTheLargestLimit() {
        assertThat(OpenFilesLimit.parse(LIMITS.replace("20000      ", "unlimited  "))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aFileWithoutTheLineIsRefused() {
        assertThatThrownBy(() -> OpenFilesLimit.parse("Max cpu time unlimited unlimited seconds"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
