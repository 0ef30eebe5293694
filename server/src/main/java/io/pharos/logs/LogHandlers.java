package io.pharos.logs;

import io.javalin.http.Context;
import io.pharos.http.Requests;
import io.pharos.launch.Launch;
import io.pharos.launch.LaunchService;
import io.pharos.workflow.Task;
import io.pharos.workflow.WorkflowService;
import java.io.InputStream;

/** HTTP in and out for task log pages and task file downloads, and the console of launched runs. */
public final class LogHandlers {
    private final WorkflowService workflows;
    private final TaskFiles files;
    private final LaunchService launches;
    private final ConsoleLog console;

    public LogHandlers(WorkflowService workflows, TaskFiles files, LaunchService launches, ConsoleLog console) {
        this.workflows = workflows;
        this.files = files;
        this.launches = launches;
        this.console = console;
    }

    public void taskLog(Context ctx) {
        Task task = workflows.task(Requests.principal(ctx), ctx.pathParam("workflowId"),
                Requests.longPath(ctx, "taskId"));
        ctx.json(LogViews.log(files.logPage(task)));
    }

    public void taskDownload(Context ctx) {
        Task task = workflows.task(Requests.principal(ctx), ctx.pathParam("workflowId"),
                Requests.longPath(ctx, "taskId"));
        String fileName = ctx.queryParam("fileName");
        InputStream in = files.open(task, fileName);
        download(ctx, in, TaskFiles.saveName(task, fileName));
    }

    /** GET /api/workflow/{id}/log: pages of the head job's console output. */
    public void consoleLog(Context ctx) {
        String id = ctx.pathParam("workflowId");
        Launch l = launches.launchOf(Requests.principal(ctx), id);
        int maxLength = Requests.intQuery(ctx, "maxLength", ConsoleLog.DEFAULT_MAX_LENGTH);
        ctx.json(LogViews.log(console.page(l, ctx.queryParam("next"), maxLength)));
    }

    /** GET /api/workflow/{id}/download?fileName=nf-{id}.txt|nf-{id}.log */
    public void downloadConsole(Context ctx) {
        String id = ctx.pathParam("workflowId");
        Launch l = launches.launchOf(Requests.principal(ctx), id);
        String fileName = ctx.queryParam("fileName");
        download(ctx, console.open(l, fileName), fileName);
    }

    private static void download(Context ctx, InputStream in, String saveName) {
        ctx.contentType("text/plain; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + saveName + "\"");
        ctx.result(in);
    }
}
