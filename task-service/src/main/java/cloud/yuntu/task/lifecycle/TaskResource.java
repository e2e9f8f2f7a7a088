package cloud.yuntu.task.lifecycle;

import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.Callers;
import cloud.yuntu.platform.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

/**
 * Tasks over REST. Every call carries a bearer token this service verifies itself; the caller
 * is who the token names, never what a header claims. A caller sees and touches only their own
 * tasks (admins: all); another user's task answers 404 like a missing one.
 */
@Path("/api/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class TaskResource {

    private final TaskSubmission submission;
    private final TaskReader reader;
    private final TaskControl control;
    private final Callers callers;

    public TaskResource(TaskSubmission submission, TaskReader reader, TaskControl control, Callers callers) {
        this.submission = submission;
        this.reader = reader;
        this.control = control;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> submit(@NotNull(message = "a task description is required") SubmitTaskRequest request,
            UriInfo uri) {
        Caller caller = callers.current();
        if (caller.isAgent() && !caller.seesEverything()) {
            // An agent owns nothing, so a task it submitted would be nobody's to see.
            throw ProblemException.forbidden("render agents do not submit tasks");
        }
        return submission.submit(caller, request)
                .chain(id -> reader.view(id, caller))
                .map(view -> Response.created(uri.getAbsolutePathBuilder().path(view.id().toString()).build())
                        .entity(view).build());
    }

    @GET
    @Path("/{id}")
    public Uni<TaskView> get(@PathParam("id") UUID id) {
        return reader.view(id, callers.current());
    }

    /** One page of the caller's tasks, newest first (admins: everybody's); pages count from 0. */
    @GET
    public Uni<Page<TaskView>> list(@QueryParam("page") String page, @QueryParam("size") String size,
            @QueryParam("status") String status) {
        return reader.list(callers.current(), page, size, status);
    }

    /** One page of a task's frames, by layer, then number; pages count from 0. */
    @GET
    @Path("/{id}/frames")
    public Uni<Page<TaskView.FrameView>> frames(@PathParam("id") UUID id, @QueryParam("page") String page,
            @QueryParam("size") String size, @QueryParam("status") String status) {
        return reader.frames(id, callers.current(), page, size, status);
    }

    /** Changes what may change while the task runs (priority, budget); 409 once it ended. */
    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TaskView> change(@PathParam("id") UUID id,
            @NotNull(message = "a change is required") @Valid TaskChange change) {
        Caller caller = callers.current();
        return control.change(id, caller, change).chain(() -> reader.view(id, caller));
    }

    @POST
    @Path("/{id}/approve")
    public Uni<TaskView> approve(@PathParam("id") UUID id) {
        Caller caller = callers.current();
        return control.approve(id, caller).chain(() -> reader.view(id, caller));
    }

    @POST
    @Path("/{id}/retry")
    public Uni<TaskView> retry(@PathParam("id") UUID id) {
        Caller caller = callers.current();
        return control.retry(id, caller).chain(() -> reader.view(id, caller));
    }

    /** Cancels the task if it is still active, then deletes it with its layers and frames. */
    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return control.delete(id, callers.current()).map(done -> Response.noContent().build());
    }

    @POST
    @Path("/{id}/cancel")
    public Uni<TaskView> cancel(@PathParam("id") UUID id) {
        Caller caller = callers.current();
        return control.cancel(id, caller).chain(() -> reader.view(id, caller));
    }

    @POST
    @Path("/{id}/pause")
    public Uni<TaskView> pause(@PathParam("id") UUID id) {
        Caller caller = callers.current();
        return control.pause(id, caller).chain(() -> reader.view(id, caller));
    }

    @POST
    @Path("/{id}/resume")
    public Uni<TaskView> resume(@PathParam("id") UUID id) {
        Caller caller = callers.current();
        return control.resume(id, caller).chain(() -> reader.view(id, caller));
    }
}
