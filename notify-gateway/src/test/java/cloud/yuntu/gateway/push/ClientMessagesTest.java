package cloud.yuntu.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClientMessagesTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void aPingIsAnsweredWithAPong() {
        assertThat(ClientMessages.answer("{\"event\":\"ping\"}", NOW)).isEqualTo(new ControlMessage("pong", null, NOW));
        assertThat(ClientMessages.answer("{\"event\":\"ping\",\"data\":{\"sent\":1}}", NOW).event()).isEqualTo("pong");
    }

    @Test
    void everythingElseIsAnErrorSayingWhatWasWrong() {
        assertThat(error("")).isEqualTo("a message is a JSON object with a string \"event\"");
        assertThat(error("{\"event\":")).isEqualTo("malformed JSON: expected {\"event\":\"ping\"}");
        assertThat(error("\"ping\"")).isEqualTo("a message is a JSON object with a string \"event\"");
        assertThat(error("{\"event\":7}")).isEqualTo("a message is a JSON object with a string \"event\"");
        assertThat(error("{\"type\":\"ping\"}")).isEqualTo("a message is a JSON object with a string \"event\"");
        assertThat(error("{\"event\":\"PING\"}")).isEqualTo("unknown event: PING (known: ping)");
    }

    @Test
    void anUnknownEventIsQuotedShortAndPrintable() {
        String quoted = error("{\"event\":\"" + "\\u0007".repeat(3) + "x".repeat(100) + "\"}");
        assertThat(quoted).isEqualTo("unknown event: ???" + "x".repeat(34) + "... (known: ping)");
    }

    private static String error(String text) {
        ControlMessage answer = ClientMessages.answer(text, NOW);
        assertThat(answer.event()).isEqualTo("error");
        return answer.data().get("message");
    }

}
