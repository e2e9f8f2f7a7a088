package cloud.yuntu.file.upload.resumable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** How uploads are cut and which initiations are refused, without Quarkus. */
class PartLayoutTest {

    private static final long MIB = 1024 * 1024;
    private static final long MAX_OBJECT = 64L << 30;
    private static final String SHA = "a".repeat(64);

    @Test
    void everyPartHasThePartSizeButTheLastWhichHasTheRest() {
        PartLayout layout = PartLayout.of(40 * MIB + 5, 8 * MIB);
        assertThat(layout.partCount()).isEqualTo(6);
        assertThat(layout.sizeOf(1)).isEqualTo(8 * MIB);
        assertThat(layout.sizeOf(5)).isEqualTo(8 * MIB);
        assertThat(layout.sizeOf(6)).isEqualTo(5);
        assertThat(PartLayout.of(16 * MIB, 8 * MIB).sizeOf(2)).isEqualTo(8 * MIB);
        assertThat(PartLayout.of(10, 8 * MIB).partCount()).isEqualTo(1);
        assertThat(layout.contains(0)).isFalse();
        assertThat(layout.contains(7)).isFalse();
        assertThat(layout.missing(java.util.List.of(2, 6, 4))).containsExactly(1, 3, 5);
    }

    @Test
    void theDefaultPartSizeGrowsSoThatTenThousandPartsHoldTheUpload() {
        InitiateRequest.Plan plan = new InitiateRequest("asset", null, SHA, 200_000 * MIB, null)
                .validate(MAX_OBJECT * 4, 8 * MIB, 64 * MIB);
        assertThat(plan.layout().partSize()).isEqualTo(20 * MIB);
        assertThat(plan.layout().partCount()).isEqualTo(10_000);
        assertThat(new InitiateRequest("scene", "a.ma", null, 100L, null).validate(MAX_OBJECT, 8 * MIB, 64 * MIB)
                .layout()).isEqualTo(new PartLayout(100, 8 * MIB, 1));
    }

    @Test
    void badInitiationsNameTheirFields() {
        assertField(new InitiateRequest("video", "a.ma", null, 10L, null), "kind");
        assertField(new InitiateRequest(null, "a.ma", null, 10L, null), "kind");
        assertField(new InitiateRequest("scene", " ", null, 10L, null), "fileName");
        assertField(new InitiateRequest("asset", null, null, 10L, null), "sha256");
        assertField(new InitiateRequest("scene", "a.ma", "ABC", 10L, null), "sha256");
        assertField(new InitiateRequest("scene", "a.ma", null, 0L, null), "size");
        assertField(new InitiateRequest("scene", "a.ma", null, null, null), "size");
        assertField(new InitiateRequest("scene", "a.ma", null, 10L, MIB - 1), "partSize");
        assertField(new InitiateRequest("scene", "a.ma", null, 10L, 65 * MIB), "partSize");
        assertField(new InitiateRequest("scene", "a.ma", null, 10_001 * MIB, MIB), "partSize");
    }

    @Test
    void aSizeOverTheLimitIs413() {
        assertThatThrownBy(() -> new InitiateRequest("scene", "a.ma", null, MAX_OBJECT + 1, null)
                .validate(MAX_OBJECT, 8 * MIB, 64 * MIB))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    private static void assertField(InitiateRequest request, String field) {
        assertThatThrownBy(() -> request.validate(MAX_OBJECT, 8 * MIB, 64 * MIB))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.problem().errors()).extracting(f -> f.field()).contains(field);
                });
    }
}
