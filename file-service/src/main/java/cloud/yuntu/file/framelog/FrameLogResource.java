package cloud.yuntu.file.framelog;

import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.presign.DownloadName;
import cloud.yuntu.file.result.TaskOwners;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.Callers;
import cloud.yuntu.platform.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The archived renderer logs of a task's frame attempts. Only for the task's owner (and admins and
 * services), exactly as its results: for anyone else, and for a task whose owner file-service has not
 * learnt, the answer of a task that does not exist.
 */
@Path("/api/files/logs")
@Authenticated
public class FrameLogResource {

    static final String TEXT = "text/plain; charset=utf-8";

    private static final Logger LOG = Logger.getLogger(FrameLogResource.class);

    private final FrameLogs logs;
    private final TaskOwners owners;
    private final Callers callers;
    private final int readPage;

    FrameLogResource(FrameLogs logs, TaskOwners owners, Callers callers, FileConfig config) {
        this.logs = logs;
        this.owners = owners;
        this.callers = callers;
        this.readPage = config.logs().readPage();
    }

    /** The frame attempts of the task that have a log; empty when none has yet. */
    @GET
    @Path("{taskId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<LoggedAttempt>> list(@RestPath String taskId) {
        UUID task = LogRequest.id("taskId", taskId);
        Caller caller = callers.current();
        return visible(task, caller).chain(() -> logs.attemptsOf(task));
    }

    /**
     * One attempt's log (the latest attempt that has one unless {@code attempt} names another) as text,
     * lines in order, each once, and a mark where lines never arrived. Streamed a page of batches at a
     * time, so a log of any length passes through little memory.
     */
    @GET
    @Path("{taskId}/frames/{frameId}")
    @Blocking
    @Produces(TEXT)
    public Response download(@RestPath String taskId, @RestPath String frameId, @RestQuery String attempt) {
        UUID task = LogRequest.id("taskId", taskId);
        UUID frame = LogRequest.id("frameId", frameId);
        Optional<Integer> asked = LogRequest.attempt(attempt);
        Caller caller = callers.current();
        visible(task, caller).await().indefinitely();
        int logged = logs.loggedAttempt(task, frame, asked).await().indefinitely()
                .orElseThrow(() -> ProblemException.notFound("no log of frame " + frame + " of task " + task
                        + asked.map(a -> " for attempt " + a).orElse("")));
        StreamingOutput body = out -> write(task, frame, logged, out);
        return Response.ok(body, TEXT)
                .header("Content-Disposition", DownloadName.contentDisposition(task + "-" + frame + "-" + logged + ".log"))
                .build();
    }

    private void write(UUID task, UUID frame, int attempt, OutputStream out) throws IOException {
        Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        LogAssembler assembler = new LogAssembler();
        long after = -1;
        List<FrameLogs.StoredBatch> page;
        do {
            page = logs.page(task, frame, attempt, after, readPage).await().indefinitely();
            for (FrameLogs.StoredBatch batch : page) {
                after = batch.firstLine();
                List<String> lines;
                try {
                    lines = LogBlock.lines(batch.lz4(), batch.uncompressedBytes(), batch.lineCount());
                } catch (IllegalArgumentException e) {
                    // Checked when it was stored, so only a damaged row gets here: its lines count as missing.
                    LOG.errorf("Log batch at line %d of frame %s attempt %d cannot be read: %s", batch.firstLine(),
                            frame, attempt, e.getMessage());
                    continue;
                }
                for (String line : assembler.accept(batch.firstLine(), lines)) {
                    text.write(line);
                    text.write('\n');
                }
            }
        } while (page.size() == readPage);
        text.flush();
    }

    private Uni<Void> visible(UUID task, Caller caller) {
        return owners.ownerOf(task).map(owner -> {
            if (!caller.maySee(owner.orElse(null))) {
                throw ProblemException.notFound("no task " + task);
            }
            return null;
        });
    }
}
