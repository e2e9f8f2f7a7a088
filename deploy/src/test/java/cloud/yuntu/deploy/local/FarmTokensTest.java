package cloud.yuntu.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a stand-in gateway that answers only what task-service's account API answers to the right requests. */
class FarmTokensTest {

    private static final String ADMIN_TOKEN = "aaa.admin.sig";
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private FarmTokens tokens;
    private int signIns;

    @BeforeEach
    void standIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        tokens = new FarmTokens(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "admin", "s3cret\"pw");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String call = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
        calls.add(call + " " + body);
        if (call.equals("POST /api/auth/token")) {
            if (!body.equals("{\"username\":\"admin\",\"password\":\"s3cret\\\"pw\"}")) {
                answer(exchange, 401, "{\"status\":401}");
                return;
            }
            signIns++;
            answer(exchange, 200, "{\"access_token\":\"" + ADMIN_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        } else if (!("Bearer " + ADMIN_TOKEN).equals(auth)) {
            answer(exchange, 401, "{\"status\":401}");
        } else if (call.equals("PUT /api/accounts/alice")) {
            answer(exchange, 201, "{}");
        } else if (call.equals("POST /api/accounts/alice/token")) {
            answer(exchange, 200, "{\"token_type\":\"Bearer\",\"access_token\":\"xx.alice.yy\",\"expires_in\":3600}");
        } else {
            answer(exchange, 404, "{\"status\":404}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void signsInAsAdminEnsuresTheAccountAndReturnsItsToken() {
        assertThat(tokens.forUser("alice", true)).isEqualTo("xx.alice.yy");
        assertThat(calls).containsExactly(
                "POST /api/auth/token {\"username\":\"admin\",\"password\":\"s3cret\\\"pw\"}",
                "PUT /api/accounts/alice {\"admin\":true}",
                "POST /api/accounts/alice/token ");
    }

    @Test
    void keepsTheAdminTokenWhileItIsValid() {
        tokens.user("alice");
        tokens.user("alice");
        assertThat(signIns).isEqualTo(1);
        assertThat(calls).contains("PUT /api/accounts/alice {\"admin\":false}");
    }

    @Test
    void anAccountTheFarmRefusesIsAnErrorNamingTheCall() {
        assertThatThrownBy(() -> tokens.user("bob")).hasMessageContaining("PUT /api/accounts/bob answered 404");
    }

    @Test
    void neverDemotesTheBootstrapAdmin() {
        assertThatThrownBy(() -> tokens.user("admin")).hasMessageContaining("--admin");
        assertThat(calls).isEmpty();
    }

    @Test
    void noFarmIsAClearError() {
        server.stop(0);
        assertThatThrownBy(() -> tokens.user("alice")).hasMessageContaining("is it running");
    }
}
