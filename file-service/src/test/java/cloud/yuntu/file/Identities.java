package cloud.yuntu.file;

import static io.restassured.RestAssured.given;

import cloud.yuntu.testsupport.TestTokens;
import cloud.yuntu.testsupport.TokenResource;
import io.restassured.specification.RequestSpecification;

/**
 * Requests as the callers of the tests: users, an operator, a service, an agent. Tokens are
 * minted with the key the application under test trusts (test-support's {@link TokenResource}).
 */
public final class Identities {

    private Identities() {
    }

    public static TestTokens tokens() {
        return TokenResource.tokens();
    }

    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    public static RequestSpecification asUser(String user) {
        return as(tokens().user(user));
    }

    public static RequestSpecification asAdmin() {
        return as(tokens().admin("operator"));
    }

    public static RequestSpecification asService() {
        return as(tokens().service("task-service"));
    }

    public static RequestSpecification asAgent(String agent) {
        return as(tokens().agent(agent));
    }
}
