package io.pharos.launch;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.pharos.auth.Principal;
import io.pharos.error.ApiException;
import io.pharos.http.Requests;
import io.pharos.logs.ConsoleLog;
import io.pharos.logs.RunFiles;
import io.pharos.logs.TaskFiles;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** HTTP in and out for launching, cancelling, launch records, compute environments and console logs. */
public final class LaunchHandlers {
    private final LaunchService launches;
    private final ComputeEnvService envs;
    private final ConsoleLog console;
    private final Requests requests;

    public LaunchHandlers(LaunchService launches, ComputeEnvService envs, ConsoleLog console, Requests requests) {
        this.launches = launches;
        this.envs = envs;
        this.console = console;
        this.requests = requests;
    }

    /** The seed's sample wraps the fields in {"launch": {...}}; a bare object is accepted too. */
    public void launch(Context ctx) {
        JsonNode body = requests.body(ctx, JsonNode.class);
        JsonNode fields = body.has("launch") ? body.get("launch") : body;
        if (!fields.isObject()) {
            throw ApiException.badRequest("Field 'launch' must be an object");
        }
        LaunchRequest req;
        try {
            req = requests.mapper().treeToValue(fields, LaunchRequest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
                    ? m.getPath().get(m.getPath().size() - 1).getFieldName() : "launch";
            throw ApiException.badRequest("Invalid value for '" + field + "': " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        ctx.json(Map.of("workflowId", launches.launch(Requests.principal(ctx), req)));
    }

    public void cancel(Context ctx) {
        String id = ctx.pathParam("workflowId");
        launches.cancel(Requests.principal(ctx), id, "true".equals(ctx.queryParam("force")));
        ctx.json(Map.of("workflowId", id, "status", "CANCELLED"));
    }

    public void describeLaunch(Context ctx) {
        ctx.json(launches.describe(Requests.principal(ctx), ctx.pathParam("workflowId")));
    }

    public void listComputeEnvs(Context ctx) {
        Principal caller = Requests.principal(ctx);
        ctx.json(Map.of("computeEnvs", envs.list().stream().map(e -> envs.view(caller, e)).toList()));
    }

    public void createComputeEnv(Context ctx) {
        JsonNode body = requests.body(ctx, JsonNode.class);
        JsonNode fields = body.has("computeEnv") ? body.get("computeEnv") : body;
        ComputeEnvService.NewComputeEnv req;
        try {
            req = requests.mapper().treeToValue(fields, ComputeEnvService.NewComputeEnv.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("Invalid compute environment: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        Principal caller = Requests.principal(ctx);
        ctx.json(Map.of("computeEnv", envs.view(caller, envs.create(caller, req))));
    }

    public void getComputeEnv(Context ctx) {
        ctx.json(Map.of("computeEnv", envs.view(Requests.principal(ctx), envs.get(ctx.pathParam("computeEnvId")))));
    }

    public void deleteComputeEnv(Context ctx) {
        envs.delete(Requests.principal(ctx), ctx.pathParam("computeEnvId"));
        ctx.status(204);
    }

    /** GET /api/workflow/{id}/log: pages of the head job's console output. */
    public void consoleLog(Context ctx) {
        String id = ctx.pathParam("workflowId");
        Launch l = launchedRun(ctx, id);
        int maxLength = Requests.intQuery(ctx, "maxLength", ConsoleLog.DEFAULT_MAX_LENGTH);
        boolean pending = !Launch.ENDED.equals(l.state());
        List<TaskFiles.Download> downloads = List.of(
                new TaskFiles.Download("nf-" + id + ".txt", "Nextflow console output", "nf-" + id + ".txt"),
                new TaskFiles.Download("nf-" + id + ".log", "Nextflow log file", "nf-" + id + ".log"));
        Path file = l.runDir() == null ? Path.of("/nonexistent") : Path.of(l.runDir()).resolve(HeadJobs.CONSOLE);
        ctx.json(Map.of("log", console.read(file, ctx.queryParam("next"), maxLength, pending, downloads)));
    }

    /** GET /api/workflow/{id}/download?fileName=nf-{id}.txt|nf-{id}.log */
    public void downloadConsole(Context ctx) {
        String id = ctx.pathParam("workflowId");
        Launch l = launchedRun(ctx, id);
        String fileName = ctx.queryParam("fileName");
        String file;
        if (("nf-" + id + ".txt").equals(fileName)) {
            file = HeadJobs.CONSOLE;
        } else if (("nf-" + id + ".log").equals(fileName)) {
            file = ".nextflow.log";
        } else {
            throw ApiException.badRequest("Invalid fileName '" + fileName + "': use nf-" + id + ".txt or nf-" + id + ".log");
        }
        // Never through a link the pipeline may have put there: such a file is simply not there.
        Optional<FileChannel> opened = l.runDir() == null ? Optional.empty()
                : RunFiles.openForReading(Path.of(l.runDir()).resolve(file));
        if (opened.isEmpty()) {
            throw ApiException.notFound("Run " + id + " has no " + fileName + " yet");
        }
        InputStream in = Channels.newInputStream(opened.get());
        ctx.contentType("text/plain; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        ctx.result(in);
    }

    private Launch launchedRun(Context ctx, String id) {
        launches.describe(Requests.principal(ctx), id); // owner or admin, and launched here
        return launches.forWorkflow(id).orElseThrow();
    }

}
