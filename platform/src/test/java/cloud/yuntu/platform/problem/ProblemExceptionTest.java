package cloud.yuntu.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProblemExceptionTest {

    @Test
    void invalidInputIs422AndNamesEveryField() {
        ProblemException e = ProblemException.invalidField("frames", "must not be empty");
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.problem().errors()).singleElement().satisfies(f -> assertThat(f.field()).isEqualTo("frames"));
        assertThat(e.problem().detail()).isEqualTo("frames: must not be empty");
    }

    @Test
    void onlySyntaxErrorsAre400() {
        assertThat(ProblemException.unreadable("body", "unexpected end").status()).isEqualTo(400);
    }

    @Test
    void limitsSayWhenToComeBack() {
        ProblemException e = ProblemException.tooManyRequests("5 requests per second", Duration.ofSeconds(2));
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(Problems.response(e).getHeaderString("Retry-After")).isEqualTo("2");
    }

    @Test
    void unauthorizedAnswersChallengeForABearerToken() {
        assertThat(Problems.response(ProblemException.unauthorized("no token")).getHeaderString("WWW-Authenticate"))
                .isEqualTo("Bearer");
    }
}
