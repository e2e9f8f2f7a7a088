package cloud.yuntu.task.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentCommand;
import cloud.yuntu.contracts.agent.AgentCommand.Command;
import cloud.yuntu.task.FarmTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /api/admin/agents/{id}/drain} and {@code /resume}: access, the command, idempotence, the dispatcher's capacity. */
@QuarkusTest
class AgentDrainTest extends FarmTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    Agents agents;

    @Test
    void onlyAdminsDrainAndUnknownAgentsAreNotFound() {
        String tier = farm.isolatedTier();
        String agent = "agent-" + UUID.randomUUID();
        farm.heartbeat(agent, tier, 2, List.of());
        farm.awaitHeartbeat(agent, 2);

        RestAssured.given().post(drainOf(agent)).then().statusCode(401);
        RestAssured.given().auth().oauth2(tokens.user("artist-1")).post(drainOf(agent)).then().statusCode(403);
        RestAssured.given().auth().oauth2(tokens.agent(agent)).post(drainOf(agent)).then().statusCode(403);
        RestAssured.given().auth().oauth2(tokens.user("artist-1")).post("/api/admin/agents/" + agent + "/resume")
                .then().statusCode(403);
        assertThat(farm.count("SELECT count(*) FROM task.agent WHERE id = ? AND desired_state = 'ACTIVE'", agent)).isEqualTo(1);

        String unknown = "agent-" + UUID.randomUUID();
        admin().post(drainOf(unknown)).then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("no heartbeat of agent " + unknown + " was ever heard"));
        admin().post("/api/admin/agents/" + unknown + "/resume").then().statusCode(404);
    }

    @Test
    void drainingStopsCountingTheAgentsSlotsOnceAndResumeCountsThemAgain() {
        String tier = farm.isolatedTier();
        String agent = "agent-" + UUID.randomUUID();
        farm.heartbeat(agent, tier, 2, List.of(UUID.randomUUID()));
        farm.awaitHeartbeat(agent, 2);
        assertThat(freeSlots(tier)).isEqualTo(2);

        JsonPath drained = admin().post(drainOf(agent)).then().statusCode(202).extract().jsonPath();
        assertThat(drained.getString("id")).isEqualTo(agent);
        assertThat(drained.getString("state")).as("it still renders a frame").isEqualTo("DRAINING");
        assertThat(drained.getString("desiredState")).isEqualTo("DRAINING");
        assertThat(drained.getBoolean("live")).isFalse();
        assertThat(freeSlots(tier)).as("the dispatcher counts no slot of a draining agent").isZero();
        assertThat(agents.live(pool, tier, TIMEOUT).await().indefinitely()).isEmpty();

        admin().post(drainOf(agent)).then().statusCode(202).body("state", equalTo("DRAINING"));

        JsonPath resumed = admin().post("/api/admin/agents/" + agent + "/resume").then().statusCode(202).extract().jsonPath();
        assertThat(resumed.getString("state")).isEqualTo("ACTIVE");
        assertThat(resumed.getBoolean("live")).isTrue();
        assertThat(freeSlots(tier)).isEqualTo(2);

        List<AgentCommand> commands = farm.settled(Topics.AGENT_COMMANDS, AgentCommand.class, r -> r.key().equals(agent), 2,
                Duration.ofSeconds(3));
        assertThat(commands).as("the second drain sent nothing").extracting(AgentCommand::command)
                .containsExactly(Command.DRAIN, Command.RESUME);
        assertThat(commands).allSatisfy(c -> assertThat(c.agentId()).isEqualTo(agent));
    }

    @Test
    void aHeartbeatStillActiveAfterTheDrainGetsTheDrainAgainAndTheFarmShowsTheAgentDrained() {
        String tier = farm.isolatedTier();
        String agent = "agent-" + UUID.randomUUID();
        farm.heartbeat(agent, tier, 3, List.of());
        farm.awaitHeartbeat(agent, 3);
        admin().post(drainOf(agent)).then().statusCode(202);
        assertThat(farm.commands(agent, 1)).extracting(AgentCommand::command).containsExactly(Command.DRAIN);

        // The agent was down when the command came: its next heartbeat still says ACTIVE.
        farm.heartbeat(agent, tier, 1, List.of());
        farm.awaitHeartbeat(agent, 1);
        assertThat(farm.commands(agent, 2)).extracting(AgentCommand::command).containsExactly(Command.DRAIN, Command.DRAIN);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(admin().get("/api/agents").then().statusCode(200).extract()
                .jsonPath().getString("agents.find { it.id == '" + agent + "' }.state")).isEqualTo("DRAINED"));
    }

    private int freeSlots(String tier) {
        return agents.freeSlots(pool, tier, TIMEOUT).await().indefinitely();
    }

    private static String drainOf(String agent) {
        return "/api/admin/agents/" + agent + "/drain";
    }

    private RequestSpecification admin() {
        return RestAssured.given().auth().oauth2(tokens.admin("operator-1"));
    }
}
