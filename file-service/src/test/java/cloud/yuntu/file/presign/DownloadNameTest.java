package cloud.yuntu.file.presign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.file.storage.ObjectKey;
import cloud.yuntu.platform.problem.ProblemException;
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

    @Test
    void aChosenNameIsUsedAsItIs() {
        assertThat(DownloadName.contentDisposition(DownloadName.requested("Shot 7 (final).exr")))
                .isEqualTo("attachment; filename=\"Shot 7 (final).exr\"; filename*=UTF-8''Shot%207%20%28final%29.exr");
        assertThat(DownloadName.requested("渲染.png")).isEqualTo("渲染.png");
        assertThat(DownloadName.requested("a".repeat(255))).hasSize(255);
    }

    @Test
    void aChosenNameIsOneSafeSegment() {
        for (String bad : new String[] {"", "a/b.png", "a\\b.png", ".", "..", "a\nb.png", "a\u0000b", "a\u007fb",
                "a\u0085b", "evil\u202egnp.exe", "a\u2028b", "a\ud800b", "a".repeat(256), "渲".repeat(86)}) {
            assertThatThrownBy(() -> DownloadName.requested(bad)).as("%s", bad)
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.status()).isEqualTo(422);
                        assertThat(e.problem().errors()).extracting(FieldError::field).containsExactly("fileName");
                    });
        }
    }
}
