package cloud.yuntu.file.framelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.platform.problem.ProblemException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LogRequestTest {

    @Test
    void idsAreUuidsInTheirCanonicalForm() {
        UUID id = UUID.randomUUID();
        assertThat(LogRequest.id("taskId", id.toString())).isEqualTo(id);
        assertThat(LogRequest.id("taskId", id.toString().toUpperCase())).isEqualTo(id);
        for (String bad : new String[] {null, "", "42", "not-a-uuid", "1-1-1-1-1", id + "0", id.toString().replace("-", "")}) {
            assertInvalid(() -> LogRequest.id("frameId", bad), "frameId");
        }
    }

    @Test
    void anAttemptIsAWholeNumberFromOne() {
        assertThat(LogRequest.attempt(null)).isEmpty();
        assertThat(LogRequest.attempt("1")).contains(1);
        assertThat(LogRequest.attempt("12")).contains(12);
        for (String bad : new String[] {"0", "-1", "", "one", "1.5", "99999999999"}) {
            assertInvalid(() -> LogRequest.attempt(bad), "attempt");
        }
    }

    private static void assertInvalid(Runnable parse, String field) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.problem().errors()).extracting(error -> error.field()).containsExactly(field);
        });
    }
}
