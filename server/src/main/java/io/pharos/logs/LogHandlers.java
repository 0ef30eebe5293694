package io.pharos.logs;

import io.javalin.http.Context;
import io.pharos.http.Requests;
import io.pharos.workflow.Task;
import io.pharos.workflow.WorkflowService;
import java.io.InputStream;
import java.util.Map;

/** HTTP in and out for task log pages and task file downloads. */
public final class LogHandlers {
    private final WorkflowService workflows;
    private final TaskFiles files;

    public LogHandlers(WorkflowService workflows, TaskFiles files) {
        this.workflows = workflows;
        this.files = files;
    }

    public void taskLog(Context ctx) {
        Task task = workflows.task(Requests.principal(ctx), ctx.pathParam("workflowId"),
                Requests.longPath(ctx, "taskId"));
        ctx.json(Map.of("log", files.logPage(task)));
    }

    public void taskDownload(Context ctx) {
        Task task = workflows.task(Requests.principal(ctx), ctx.pathParam("workflowId"),
                Requests.longPath(ctx, "taskId"));
        String fileName = ctx.queryParam("fileName");
        InputStream in = files.open(task, fileName);
        ctx.contentType("text/plain; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + TaskFiles.saveName(task, fileName) + "\"");
        ctx.result(in);
    }
}
