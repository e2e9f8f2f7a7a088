package cloud.yuntu.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConsoleTest {

    @Test
    void theConsoleIsServedAtTheRoot() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<script src=\"console.js\">"));
        given().when().get("/console.js")
                .then().statusCode(200)
                .body(containsString("new WebSocket("));
    }

    @Test
    void operatorEndpointsAnswer() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200).body(containsString("task-events"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("yuntu_gateway_websocket_connections"));
    }
}
