package cloud.yuntu.agent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.agent.AgentHarness;
import cloud.yuntu.agent.transfer.StandInFileServiceResource;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameRange;
import cloud.yuntu.contracts.frame.FrameStarted;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.testsupport.InjectKafkaBroker;
import cloud.yuntu.testsupport.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broker forgets every share session when it restarts, and the 4.2 client then polls an
 * empty session without end. The agent must notice and rejoin: a job running across the restart
 * is reported once, and jobs published after it are still taken.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(StandInFileServiceResource.class)
class BrokerRestartTest {

    @InjectKafkaBroker
    KafkaBroker broker;

    AgentHarness farm;

    @BeforeEach
    void connect() {
        farm = AgentHarness.connect(broker.bootstrapServers(), StandInFileServiceResource.service());
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        farm.close();
    }

    @Test
    void jobsAreTakenAgainAfterTheBrokerRestarts() {
        UUID taskId = UUID.randomUUID();
        var running = farm.job(taskId, farm.scene(taskId, "yuntu.simulate.msPerFrame", "4000"), FrameRange.single(1), 120);
        farm.publish(running);
        await().atMost(Duration.ofSeconds(30)).until(() -> farm.eventsOf(running.frameId()).stream()
                .anyMatch(FrameStarted.class::isInstance));

        broker.restart();

        await().atMost(Duration.ofSeconds(60)).until(() -> farm.eventsOf(running.frameId()).stream()
                .anyMatch(FrameCompleted.class::isInstance));
        var later = farm.job(taskId, farm.scene(taskId), FrameRange.single(2), 60);
        farm.publish(later);
        await().atMost(Duration.ofSeconds(90)).until(() -> farm.eventsOf(later.frameId()).stream()
                .anyMatch(FrameCompleted.class::isInstance));

        // Counted by event id: a send retried across the restart may land twice (at least once), which
        // is the same start; a second start would carry a new id.
        assertThat(farm.eventsOf(running.frameId()).stream().filter(FrameStarted.class::isInstance)
                .map(FrameStarted.class::cast).map(FrameStarted::id).distinct())
                .as("the job running across the restart is not started again").hasSize(1);
        assertThat(farm.eventsOf(later.frameId()).stream().filter(FrameStarted.class::isInstance)).hasSize(1);
    }

    @Test
    void anIdleAgentTakesJobsPublishedAfterTheBrokerRestarts() {
        UUID taskId = UUID.randomUUID();
        var before = farm.job(taskId, farm.scene(taskId), FrameRange.single(1), 60);
        farm.publish(before);
        await().atMost(Duration.ofSeconds(30)).until(() -> farm.eventsOf(before.frameId()).stream()
                .anyMatch(FrameCompleted.class::isInstance));

        broker.restart();

        var after = farm.job(taskId, farm.scene(taskId), FrameRange.single(2), 60);
        farm.publish(after);
        await().atMost(Duration.ofSeconds(90)).until(() -> farm.eventsOf(after.frameId()).stream()
                .anyMatch(FrameCompleted.class::isInstance));
        assertThat(farm.eventsOf(after.frameId()).stream().filter(FrameStarted.class::isInstance)).hasSize(1);
    }

}
