package cloud.yuntu.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class ConsoleTest {

    /** The management interface's root, i.e. {@code http://host:port/q/}. */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void theConsoleIsServedAtTheRootWithASignInBox() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<script src=\"console.js\">"))
                .body(containsString("<form id=\"sign-in\""))
                .body(containsString("type=\"password\""));
    }

    @Test
    void theConsoleSignsInAndSendsItsTokenNeverAUserHeader() {
        given().when().get("/console.js")
                .then().statusCode(200)
                .body(allOf(
                        containsString("'/api/auth/token'"),
                        containsString("sessionStorage"),
                        containsString("Authorization"),
                        containsString("access_token="),
                        containsString("new WebSocket("),
                        not(containsString("X-Yuntu-User"))));
    }

    @Test
    void operatorEndpointsAnswerOnTheManagementPortOnly() {
        given().when().get(management + "health/live").then().statusCode(200);
        given().when().get(management + "health/ready")
                .then().statusCode(200).body(containsString("task-events"));
        given().when().get(management + "metrics")
                .then().statusCode(200).body(containsString("yuntu_gateway_websocket_connections"));
        given().when().get(management + "openapi").then().statusCode(200);

        for (String operational : new String[] {"/q/health", "/q/health/ready", "/q/metrics", "/q/openapi"}) {
            given().when().get(operational).then().statusCode(404);
        }
    }
}
