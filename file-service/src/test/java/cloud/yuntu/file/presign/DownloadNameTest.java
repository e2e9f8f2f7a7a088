package cloud.yuntu.file.presign;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.file.storage.ObjectKey;
import org.junit.jupiter.api.Test;

class DownloadNameTest {

    @Test
    void namesTheLastSegmentOfTheKey() {
        assertThat(DownloadName.contentDisposition(ObjectKey.of("results/20250101/t/beauty.0001.exr")))
                .isEqualTo("attachment; filename=\"beauty.0001.exr\"; filename*=UTF-8''beauty.0001.exr");
    }

    @Test
    void quotesAndNonAsciiAreReplacedInTheFallbackAndEncodedInTheExactName() {
        assertThat(DownloadName.contentDisposition(ObjectKey.of("r/d/\"shot\" 100%_é.ma")))
                .isEqualTo("attachment; filename=\"_shot_ 100___.ma\"; filename*=UTF-8''%22shot%22%20100%25_%C3%A9.ma");
    }
}
