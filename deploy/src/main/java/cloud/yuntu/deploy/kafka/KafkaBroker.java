package cloud.yuntu.deploy.kafka;

import cloud.yuntu.deploy.process.ChildProcess;
import cloud.yuntu.deploy.process.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A one-node Kafka 4.2 broker (KRaft, combined broker and controller, share groups on) run as
 * its own process from the Maven jars, so a test or the local farm can kill and restart it like a
 * real one. Data and ports survive {@link #restart()}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String CLASSPATH_RESOURCE = "/cloud/yuntu/deploy/kafka-broker.classpath";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path directory;
    private final int port;
    private final ChildProcess process;

    private KafkaBroker(Path directory, int port, ChildProcess process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    /**
     * Formats {@code directory} on first use and starts the broker.
     *
     * @param port the client port, 0 for any free one
     */
    public static KafkaBroker start(Path directory, int port, BrokerSettings settings) {
        int clientPort = port == 0 ? FreePorts.any() : port;
        if (FreePorts.isListening("127.0.0.1", clientPort)) {
            throw new IllegalStateException("Port " + clientPort + " is taken: another Kafka broker runs there? "
                    + "Stop it or choose another port.");
        }
        try {
            Files.createDirectories(directory);
            Path config = directory.resolve("server.properties");
            int controllerPort = FreePorts.any();
            writeConfig(config, directory.resolve("data"), clientPort, controllerPort, settings);
            writeLogConfig(directory.resolve("log4j2.properties"), directory.resolve("broker.log"));
            String classpath = brokerClasspath();
            if (!Files.exists(directory.resolve("data").resolve("meta.properties"))) {
                format(classpath, config, directory);
            }
            ChildProcess process = ChildProcess.startJava("kafka-broker",
                    List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC",
                            "-Dlog4j2.configurationFile=" + directory.resolve("log4j2.properties"),
                            "-cp", classpath, "kafka.Kafka", config.toString()),
                    Map.of(), directory.resolve("broker.out"));
            KafkaBroker broker = new KafkaBroker(directory, clientPort, process);
            broker.awaitReady();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return directory;
    }

    /** The broker process's id, e.g. to read the CPU time it used. */
    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** An admin client; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
    }

    /** Graceful stop (controlled shutdown). */
    public void stop() {
        process.stop();
        awaitPortClosed();
    }

    /** SIGKILL: the broker loses what it had not flushed, as after a power cut. */
    public void kill() {
        process.kill();
        awaitPortClosed();
    }

    /** Starts the stopped or killed broker again on the same port with the same data. */
    public void start() {
        process.start();
        awaitReady();
    }

    public void restart() {
        stop();
        start();
    }

    @Override
    public void close() {
        process.close();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited during start; last log lines:\n" + process.logTail(40));
            }
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception notYet) {
                sleep(250);
            } 
        }
        throw new IllegalStateException("Kafka broker not ready after " + READY_TIMEOUT.toSeconds() + " s; log:\n"
                + process.logTail(40));
    }

    private void awaitPortClosed() {
        for (int i = 0; i < 100 && FreePorts.isListening("127.0.0.1", port); i++) {
            sleep(100);
        }
    }

    private static void format(String classpath, Path config, Path directory) throws IOException {
        Process format = new ProcessBuilder(ChildProcess.currentJava(),
                "-Dlog4j2.configurationFile=" + directory.resolve("log4j2.properties"),
                "-cp", classpath, "kafka.tools.StorageTool", "format",
                "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                "-c", config.toString(),
                "--feature", "share.version=1")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("format.out").toFile()))
                .start();
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("Formatting Kafka storage failed:\n"
                        + Files.readString(directory.resolve("format.out")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while formatting Kafka storage", e);
        }
    }

    private static void writeConfig(Path config, Path data, int port, int controllerPort, BrokerSettings settings)
            throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", data.toString());
        p.setProperty("num.partitions", Integer.toString(settings.defaultPartitions()));
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.num.partitions", "4");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("group.share.min.record.lock.duration.ms", Long.toString(settings.minRecordLock().toMillis()));
        p.setProperty("group.share.record.lock.duration.ms", Long.toString(settings.defaultRecordLock().toMillis()));
        p.setProperty("group.share.max.record.lock.duration.ms", Long.toString(settings.maxRecordLock().toMillis()));
        p.setProperty("group.share.delivery.count.limit", Integer.toString(settings.deliveryCountLimit()));
        p.setProperty("group.share.max.size", Integer.toString(settings.maxShareGroupMembers()));
        // One node on a small machine: the defaults are sized for clusters.
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "4");
        p.setProperty("log.retention.hours", "168");
        try (var out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            p.store(out, "Yuntu one-node broker");
        }
    }

    private static void writeLogConfig(Path file, Path logFile) throws IOException {
        Files.writeString(file, """
                rootLogger.level = INFO
                rootLogger.appenderRef.file.ref = file
                appender.file.type = File
                appender.file.name = file
                appender.file.fileName = %s
                appender.file.layout.type = PatternLayout
                appender.file.layout.pattern = %%d{ISO8601} %%-5p [%%c{1}] %%m%%n
                logger.kafka.name = kafka
                logger.kafka.level = INFO
                logger.state.name = state.change.logger
                logger.state.level = WARN
                """.formatted(logFile));
    }

    private static String brokerClasspath() throws IOException {
        try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " missing: build the deploy module with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
