package cloud.yuntu.file.upload;

import cloud.yuntu.file.problem.ProblemException;
import cloud.yuntu.file.storage.ObjectInfo;
import cloud.yuntu.file.storage.ObjectIngest;
import cloud.yuntu.file.storage.ObjectKey;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/api/files/scenes")
public class SceneUploadResource {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final ObjectIngest ingest;
    private final Clock clock;

    SceneUploadResource(ObjectIngest ingest, Clock clock) {
        this.ingest = ingest;
        this.clock = clock;
    }

    /**
     * Stores a scene under {@code scenes/YYYYMMDD/<taskId>/<filename>}. Vert.x has already spooled
     * the part to disk; it is hashed while being copied into the store, never held in memory.
     */
    @POST
    @Blocking
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@RestForm("file") FileUpload file, @RestForm("taskId") String taskId) throws IOException {
        if (file == null || file.uploadedFile() == null) {
            throw ProblemException.badField("file", "a multipart file part named 'file' is required");
        }
        UUID task = taskId(taskId);
        ObjectKey key = ObjectKey.of("scenes/" + LocalDate.now(clock).format(DAY) + "/" + task + "/"
                + SceneFileName.sanitize(file.fileName()));
        ObjectInfo stored;
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            stored = ingest.write(key, in);
        }
        return Response.created(UriBuilder.fromPath("/api/files/objects").queryParam("key", key.value()).build())
                .entity(new SceneUploaded(task, stored.key(), stored.size(), stored.sha256(), stored.xxh64(), stored.md5()))
                .build();
    }

    private static UUID taskId(String value) {
        if (value == null || value.isBlank()) {
            return UUID.randomUUID();
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField("taskId", "must be a UUID");
        }
    }
}
