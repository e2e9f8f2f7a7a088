package cloud.yuntu.task;

import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.task.scene.SceneAnalysisDouble;
import cloud.yuntu.testsupport.InjectDatabase;
import cloud.yuntu.testsupport.InjectKafkaBroker;
import cloud.yuntu.testsupport.InjectTokens;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TestDatabase;
import cloud.yuntu.testsupport.TestTokens;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of task-service's Quarkus tests: every test of the service runs against the same broker,
 * database, stand-ins of file-service and scene analysis, and token keys, driven by {@link FarmDriver}
 * and {@link TaskApi}. Subclasses still need {@code @QuarkusTest} of their own.
 */
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(FileServiceStandIn.class)
@QuarkusTestResource(SceneAnalysisDouble.class)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
public abstract class FarmTest {

    @InjectKafkaBroker
    protected KafkaBroker broker;

    @InjectDatabase
    protected TestDatabase db;

    @InjectTokens
    protected TestTokens tokens;

    protected FarmDriver farm;
    protected TaskApi api;

    @BeforeEach
    void driveTheFarm() {
        farm = new FarmDriver(broker, db);
        api = new TaskApi(tokens);
    }
}
