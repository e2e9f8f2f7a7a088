package cloud.yuntu.agent.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.agent.render.RendererProcess.KillReason;
import cloud.yuntu.agent.render.RendererProcess.Result;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real renderer process with real children: memory limit and kill of the whole tree. */
class RendererProcessTest {

    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    private static RenderCommand hog(int mib, boolean exit) throws URISyntaxException {
        String classes = Path.of(MemoryHog.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Xms16m", "-XX:TieredStopAtLevel=1", "-cp", classes, MemoryHog.class.getName(),
                Integer.toString(mib)));
        if (exit) {
            command.add("exit");
        }
        return new RenderCommand(command, Map.of());
    }

    @Test
    void aTreePastTheMemoryLimitIsKilledWithTheSizeItReached() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        RendererProcess process = RendererProcess.start(hog(400, false), dir);

        Result result = process.await(Duration.ofSeconds(60), 160 * MIB, lines::add);

        assertThat(result.killReason()).isEqualTo(KillReason.MEMORY_LIMIT);
        assertThat(result.exitCode()).isNull();
        assertThat(result.residentAtKillBytes()).isGreaterThan(160 * MIB).isLessThan(600 * MIB);
        assertThat(result.seconds()).isLessThan(30);
        assertThat(lines).anyMatch(l -> l.startsWith("holding")).noneMatch(l -> l.equals("holding 400 MiB"));
        assertThat(ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aTreeBelowTheLimitOrWithoutOneRendersToItsEnd() throws Exception {
        for (long limit : new long[] {1024 * MIB, 0}) {
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Result result = RendererProcess.start(hog(64, true), dir).await(Duration.ofSeconds(60), limit, lines::add);

            assertThat(result.killReason()).as("limit " + limit).isNull();
            assertThat(result.exitCode()).isZero();
            assertThat(result.residentAtKillBytes()).isZero();
            assertThat(lines).contains("done with 64 MiB");
            assertThat(result.peakMemoryBytes()).isGreaterThan(64 * MIB);
        }
    }

    @Test
    void cancelKillsChildrenGrandchildrenAndOrphansWithinASecond() throws Exception {
        Path pids = dir.resolve("pids");
        // Two children, a subshell with two grandchildren, and a sleep whose subshell exits at once: that one is
        // re-parented to init before the kill, out of reach of ProcessHandle.descendants().
        String script = "sleep 300 & echo $! >> pids; "
                + "(sleep 300 & echo $! >> pids; sleep 300 & echo $! >> pids; wait) & echo $! >> pids; "
                + "(sleep 300 & echo $! >> pids); "
                + "sleep 300 & echo $! >> pids; echo ready; wait";
        RendererProcess process = RendererProcess.start(new RenderCommand(List.of("sh", "-c", script), Map.of()), dir);
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        CompletableFuture<Result> result = CompletableFuture.supplyAsync(() -> {
            try {
                return process.await(Duration.ofSeconds(60), line -> {
                    if (line.equals("ready")) {
                        ready.complete(true);
                    }
                });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        ready.get(10, java.util.concurrent.TimeUnit.SECONDS);
        Set<Long> tree = new TreeSet<>();
        tree.add(process.pid());
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readAllLines(pids).size() == 6);
        Files.readAllLines(pids).forEach(pid -> tree.add(Long.parseLong(pid.strip())));
        ProcessHandle.of(process.pid()).orElseThrow().descendants().forEach(p -> tree.add(p.pid()));
        assertThat(tree).hasSizeGreaterThanOrEqualTo(7);
        assertThat(tree).allMatch(RendererProcessTest::alive);

        long killed = System.nanoTime();
        process.kill(KillReason.CANCELLED);

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(tree).noneMatch(RendererProcessTest::alive));
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(1));
        Result outcome = result.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(outcome.killReason()).isEqualTo(KillReason.CANCELLED);
        assertThat(outcome.exitCode()).isNull();
    }

    @Test
    void theRendererLeadsAProcessGroupOfItsOwnNotTheAgents() throws Exception {
        RendererProcess process = RendererProcess.start(new RenderCommand(List.of("sleep", "30"), Map.of()), dir);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> RendererProcess.ownGroup(process.pid()).isPresent());
            assertThat(RendererProcess.ownGroup(process.pid())).hasValue(process.pid());
            assertThat(RendererProcess.processGroup(ProcessHandle.current().pid())).isNotEqualTo(
                    RendererProcess.processGroup(process.pid()));
        } finally {
            process.kill(KillReason.SHUTDOWN);
        }
    }

    @Test
    void aMissingExecutableDoesNotStart() {
        assertThatThrownBy(() -> RendererProcess.start(new RenderCommand(List.of(dir.resolve("Render").toString()),
                Map.of()), dir)).isInstanceOf(IOException.class).hasMessageContaining("Render");
        assertThatThrownBy(() -> RendererProcess.start(new RenderCommand(List.of("no-such-render-anywhere"), Map.of()),
                dir)).isInstanceOf(IOException.class);
    }

    /** Alive and not a zombie waiting to be reaped: a zombie holds no memory and runs nothing. */
    private static boolean alive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }
}
