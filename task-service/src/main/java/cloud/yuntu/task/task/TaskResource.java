package cloud.yuntu.task.task;

import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;

/** Tasks over REST. The gateway authenticates users and passes who they are in X-Yuntu-User. */
@Path("/api/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {

    static final String USER_HEADER = "X-Yuntu-User";

    private final TaskSubmission submission;
    private final TaskReader reader;
    private final TaskControl control;

    public TaskResource(TaskSubmission submission, TaskReader reader, TaskControl control) {
        this.submission = submission;
        this.reader = reader;
        this.control = control;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> submit(@HeaderParam(USER_HEADER) @DefaultValue("anonymous") String user,
            @NotNull(message = "a task description is required") @Valid SubmitTaskRequest request, UriInfo uri) {
        return submission.submit(user, request)
                .chain(reader::view)
                .map(view -> Response.created(uri.getAbsolutePathBuilder().path(view.id().toString()).build())
                        .entity(view).build());
    }

    @GET
    @Path("/{id}")
    public Uni<TaskView> get(@PathParam("id") UUID id) {
        return reader.view(id);
    }

    /** The caller's tasks, newest first. */
    @GET
    public Uni<List<TaskView>> list(@HeaderParam(USER_HEADER) @DefaultValue("anonymous") String user) {
        return reader.ofUser(user);
    }

    @POST
    @Path("/{id}/cancel")
    public Uni<TaskView> cancel(@PathParam("id") UUID id) {
        return control.cancel(id).chain(() -> reader.view(id));
    }

    @POST
    @Path("/{id}/pause")
    public Uni<TaskView> pause(@PathParam("id") UUID id) {
        return control.pause(id).chain(() -> reader.view(id));
    }

    @POST
    @Path("/{id}/resume")
    public Uni<TaskView> resume(@PathParam("id") UUID id) {
        return control.resume(id).chain(() -> reader.view(id));
    }
}
