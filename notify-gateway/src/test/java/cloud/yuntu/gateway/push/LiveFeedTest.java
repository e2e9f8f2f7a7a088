package cloud.yuntu.gateway.push;

import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.testsupport.InjectKafkaBroker;
import cloud.yuntu.testsupport.InjectTokens;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TestTokens;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every Quarkus test of the live feed shares: the real broker and database, tokens, the
 * gateway's address, a publisher of contract events, and consumers that have their partitions
 * before the first test publishes.
 */
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
abstract class LiveFeedTest {

    /** After the last expected message arrived elsewhere, how long a connection gets to show it got more. */
    static final Duration QUIET = Duration.ofSeconds(2);

    /** Test classes whose application was probed: Quarkus may start a new one for another class. */
    private static final Set<Class<?>> CAUGHT_UP = ConcurrentHashMap.newKeySet();

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectTokens
    TestTokens tokens;

    @TestHTTPResource("/")
    URI server;

    TaskEvents events;

    @BeforeEach
    void publisherAndCaughtUpConsumers() throws Exception {
        events = new TaskEvents(broker.bootstrapServers());
        if (CAUGHT_UP.add(getClass())) {
            FeedProbe.awaitConsumersAtTheEnd(server, tokens.admin("probe"), events);
        }
    }

    @AfterEach
    void closePublisher() {
        events.close();
    }
}
