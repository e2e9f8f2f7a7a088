package cloud.yuntu.scene.api;

import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.platform.identity.Callers;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.scene.parse.SceneParseException;
import cloud.yuntu.scene.SceneConfig;
import cloud.yuntu.scene.report.SceneReports;
import cloud.yuntu.scene.report.SceneReports.AnalysesBusy;
import cloud.yuntu.scene.report.SceneReports.WhenBusy;
import cloud.yuntu.scene.storage.FileServiceClient.StoredSceneMissing;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Scene analysis over HTTP: an upload, or the storage key of a scene file-service holds. Every
 * caller needs a valid token. Reports are kept by content, and a caller gets one only for bytes
 * they could read: their own upload, or a key file-service lets them read (checked with their
 * token before the catalog is asked).
 */
@Path("/api/scenes")
@Authenticated
public class SceneResource {

    private final SceneReports reports;
    private final Callers callers;
    private final SceneConfig config;

    SceneResource(SceneReports reports, Callers callers, SceneConfig config) {
        this.reports = reports;
        this.callers = callers;
        this.config = config;
    }

    /**
     * Analyses an uploaded scene. {@code uploadedPaths} may be repeated or hold one path per line;
     * when absent, dependencies are not checked against uploads.
     */
    @POST
    @Path("/analyse")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public SceneReport analyseUpload(@RestForm("file") FileUpload file, @RestForm("uploadedPaths") List<String> uploadedPaths)
            throws IOException, InterruptedException {
        callers.current();
        if (file == null || file.uploadedFile() == null) {
            throw ProblemException.invalidField("file", "a multipart part named file holding the scene is required");
        }
        String name = file.fileName() != null && !file.fileName().isBlank() ? file.fileName() : "scene";
        try {
            return reports.ofUpload(file.uploadedFile(), name, paths(uploadedPaths), WhenBusy.REFUSE);
        } catch (SceneParseException e) {
            throw SceneProblems.unparseable("file", e);
        } catch (AnalysesBusy e) {
            throw SceneProblems.busy(config.busyRetryAfter());
        }
    }

    @POST
    @Path("/analyse")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public SceneReport analyseStored(@Valid @NotNull AnalyseByKey request) throws InterruptedException {
        callers.current();
        try {
            // file-service is asked with the caller's own token (platform's BearerHeaders forwards it).
            return reports.ofStoredScene(request.key(), request.uploadedPaths(), WhenBusy.REFUSE);
        } catch (SceneParseException e) {
            throw SceneProblems.unparseable("key", e);
        } catch (AnalysesBusy e) {
            throw SceneProblems.busy(config.busyRetryAfter());
        } catch (StoredSceneMissing e) {
            throw SceneProblems.noScene(request.key());
        } catch (IOException e) {
            throw ProblemException.unavailable("the scene could not be fetched from file-service (" + e.getMessage()
                    + "); it may be retried");
        }
    }

    private static List<String> paths(List<String> parts) {
        if (parts == null || parts.isEmpty()) {
            return null;
        }
        List<String> paths = new ArrayList<>();
        for (String part : parts) {
            for (String line : part.split("\\R")) {
                if (!line.isBlank()) {
                    paths.add(line.trim());
                }
            }
        }
        return paths;
    }
}
