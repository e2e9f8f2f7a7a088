package cloud.yuntu.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class ConsoleTest {

    /** The management interface's root, i.e. {@code http://host:port/q/}. */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void theConsoleIsServedAtTheRootWithASignInBox() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<script src=\"console.js\">"))
                .body(containsString("<form id=\"sign-in\""))
                .body(containsString("type=\"password\""));
    }

    @Test
    void theConsoleSignsInAndSendsItsTokenNeverAUserHeader() {
        given().when().get("/console.js")
                .then().statusCode(200)
                .body(allOf(
                        containsString("'/api/auth/token'"),
                        containsString("sessionStorage"),
                        containsString("Authorization"),
                        containsString("access_token="),
                        containsString("new WebSocket("),
                        not(containsString("X-Yuntu-User"))));
    }

    @Test
    void anOperatorWatchesTheFarmOnWsAdminAndMayDisconnectAUser() {
        given().when().get("/")
                .then().statusCode(200)
                .body(allOf(
                        containsString("<section id=\"farm\" hidden>"),
                        containsString("<table id=\"farm-replicas\">"),
                        containsString("<table id=\"farm-users\">")));
        given().when().get("/console.js")
                .then().statusCode(200)
                .body(allOf(
                        containsString("/ws/admin?access_token=${encodeURIComponent(token())}"),
                        containsString("if (answer.event === 'monitor') showFarm(answer.data);"),
                        // Not an operator: no retrying with the same token.
                        containsString("if (event.code === 4003 || event.code === 1008) {"),
                        containsString("/api/admin/push/users/${encodeURIComponent(userId)}/disconnect`, { method: 'POST' }")));
    }

    @Test
    void theSubmitFormOffersTestFramesApprovalBudgetAndChunkSize() {
        given().when().get("/")
                .then().statusCode(200)
                .body(allOf(
                        containsString("<input name=\"testFrames\""),
                        containsString("placeholder=\"auto or 1,50,100\""),
                        containsString("<input name=\"stopAfterTest\" type=\"checkbox\">"),
                        containsString("<input name=\"approveAfterTest\" type=\"checkbox\">"),
                        containsString("<input name=\"budget\" type=\"number\" min=\"0.01\" step=\"0.01\""),
                        containsString("<input name=\"chunkSize\" type=\"number\" min=\"1\" max=\"100\""),
                        containsString("<th>Estimate</th><th>Budget</th>")));
    }

    @Test
    void theNewFieldsAreSentOnlyWhenFilledAndTestFramesAsAString() {
        given().when().get("/console.js")
                .then().statusCode(200)
                .body(allOf(
                        containsString("if (form.testFrames.value.trim()) task.testFrames = form.testFrames.value.trim();"),
                        containsString("if (form.stopAfterTest.checked) task.stopAfterTest = true;"),
                        containsString("if (form.approveAfterTest.checked) task.approveAfterTest = true;"),
                        containsString("if (form.budget.value) task.budget = Number(form.budget.value);"),
                        containsString("if (form.chunkSize.value) task.chunkSize = Number(form.chunkSize.value);"),
                        containsString("body: JSON.stringify(task)")));
    }

    @Test
    void eachTaskCommandIsOfferedOnlyWhileItsStatusAllowsIt() {
        given().when().get("/console.js")
                .then().statusCode(200)
                .body(allOf(
                        // Approve for a task awaiting approval, POST /api/tasks/{id}/approve
                        containsString("label: 'Approve'"),
                        containsString("applies: (t) => t.status === 'AWAITING_APPROVAL', run: (t) => command(t.id, 'approve')"),
                        containsString("api(`/api/tasks/${encodeURIComponent(taskId)}/${verb}`, { method: 'POST' })"),
                        containsString("applies: (t) => ['QUEUED', 'TESTING', 'RENDERING'].includes(t.status), run: (t) => command(t.id, 'pause')"),
                        containsString("applies: (t) => t.status === 'PAUSED', run: (t) => command(t.id, 'resume')"),
                        containsString("t.progress.framesFailed > 0"),
                        containsString("run: (t) => command(t.id, 'retry')"),
                        containsString("'SUBMITTED', 'ANALYSING', 'QUEUED', 'TESTING', 'AWAITING_APPROVAL', 'RENDERING', 'PAUSED'"),
                        containsString("return command(task.id, 'cancel')"),
                        // the budget raised by PATCH, problems shown with the field at fault
                        containsString("method: 'PATCH'"),
                        containsString("body: JSON.stringify({ budget })"),
                        containsString("${e.field}: ${e.message}"),
                        containsString("BUDGET: 'paused: budget reached'")));
    }

    @Test
    void aConnectionClosedByAnOperatorOrReplacedIsNotReopened() {
        given().when().get("/console.js")
                .then().statusCode(200)
                .body(allOf(
                        containsString("if (event.code === 4000) {"),
                        containsString("if (event.code === 4001) {"),
                        containsString("'offline (disconnected by an administrator; reload to reconnect)'")));
    }

    @Test
    void testFramesAreShownForApprovalAndStatusEventsRefreshTheRow() {
        given().when().get("/console.js")
                .then().statusCode(200)
                .body(allOf(
                        containsString("/frames?status=${status}&size=1000"),
                        containsString(".filter((f) => f.test)"),
                        containsString("api(`/api/files/results/${id}`)"),
                        containsString("fetch(`/api/files/logs/${encodeURIComponent(taskId)}/frames/${encodeURIComponent(frame.id)}`"),
                        containsString("item.append(' ', logLink(taskId, f));"),
                        containsString("refresh(e.taskId)"),
                        containsString("api(`/api/tasks/${encodeURIComponent(taskId)}`)")));
    }

    @Test
    void notificationsShowTheirTitleAndMessageAndLinkToTheirTask() {
        given().when().get("/console.js")
                .then().statusCode(200)
                .body(allOf(
                        containsString("notification: (e) => showNotification(e)"),
                        containsString("title.textContent = n.title;"),
                        containsString("if (n.message) item.append(` ${n.message}`);"),
                        containsString("if (n.taskId) {"),
                        containsString("focusTask(n.taskId);"),
                        containsString("if (n.kind) item.dataset.kind = n.kind;")));
    }

    @Test
    void aTasksLiveLogIsFollowedOnAConnectionOfItsOwnAndSaysWhatItLeftOut() {
        given().when().get("/console.js")
                .then().statusCode(200)
                .body(allOf(
                        containsString("log.addEventListener('click', () => showLog(taskId));"),
                        containsString("+ `&taskId=${encodeURIComponent(taskId)}`"),
                        containsString("if (envelope.event !== 'task:log') return;"),
                        containsString("if (data.dropped > 0)"),
                        // the text of the lines, never markup
                        containsString("pre.append(document.createTextNode(text));")));
    }

    @Test
    void operatorEndpointsAnswerOnTheManagementPortOnly() {
        given().when().get(management + "health/live").then().statusCode(200);
        given().when().get(management + "health/ready")
                .then().statusCode(200).body(allOf(containsString("task-events"), containsString("frame-logs")));
        given().when().get(management + "metrics")
                .then().statusCode(200).body(allOf(
                        containsString("yuntu_gateway_websocket_connections"),
                        containsString("yuntu_gateway_websocket_closed_total{reason=\"disconnected\"}"),
                        containsString("yuntu_gateway_websocket_closed_total{reason=\"too-slow\"}"),
                        containsString("yuntu_gateway_websocket_messages_sent_total"),
                        containsString("yuntu_gateway_websocket_send_queue_high_water"),
                        containsString("yuntu_gateway_task_log_batches_pushed_total"),
                        containsString("yuntu_gateway_task_log_lines_pushed_total"),
                        containsString("yuntu_gateway_task_log_lines_dropped_total{reason=\"over-cap\"}"),
                        containsString("yuntu_gateway_task_log_batches_dropped_total{reason=\"unreadable\"}"),
                        containsString("yuntu_gateway_task_log_lines_truncated_total")));
        given().when().get(management + "openapi").then().statusCode(200)
                .body(allOf(containsString("/api/admin/push/stats"), containsString("/api/admin/notifications")));

        for (String operational : new String[] {"/q/health", "/q/health/ready", "/q/metrics", "/q/openapi"}) {
            given().when().get(operational).then().statusCode(404);
        }
    }
}
