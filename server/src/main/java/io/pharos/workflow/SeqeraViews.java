package io.pharos.workflow;

import static io.pharos.http.JsonBody.field;

import com.fasterxml.jackson.core.JsonGenerator;
import io.pharos.auth.Workspaces;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The Seqera Platform API's shapes (1.181.0) of the workflow read API: list
 * (ListWorkflowsResponse), describe (DescribeWorkflowResponse), progress (GetProgressResponse),
 * tasks and task (ListTasksResponse, DescribeTaskResponse) and metrics
 * (GetWorkflowMetricsResponse). The run, progress and task objects are written by
 * {@link WorkflowViews} in this shape too, with what the seed's shape has no key for: everything
 * Nextflow sent of the run, the counters aborted, ignored and retries, totalProcesses; progress,
 * tasks and metrics answers are the seed's around them. Here are the answers' own keys
 * (workspace, platform, attributes) of describe and list. As in the seed's shapes, a value
 * Pharos does not have is null (the spec requires none of those). Keys the spec does not name
 * are listed in docs/api.md ("Two shapes").
 */
public final class SeqeraViews {
    /**
     * The workflow of {@code attributes=minimal}: what identifies a run and its state, and the
     * fields the spec's Workflow object requires (commandLine, projectName, runName, sessionId,
     * submit, userName, workDir).
     */
    public static final Set<String> MINIMAL_KEYS = Set.of("id", "status", "ownerId", "launchId", "submit", "start",
            "complete", "dateCreated", "lastUpdated", "runName", "sessionId", "projectName", "userName", "workDir",
            "commandLine");

    /** Fields of the run that the spec has a place for in describe (WorkflowMaxDbDto) but not in a list. */
    public static final Set<String> DESCRIBE_ONLY = Set.of("logFile", "outFile", "operationId", "fusion", "wave");
    /** The manifest: the seed's keys, then those of the spec (icon) and the rest Nextflow sends (24.10, 25.04). */
    static final List<String> MANIFEST_KEYS = List.of("nextflowVersion", "defaultBranch", "version", "homePage",
            "gitmodules", "description", "name", "mainScript", "author", "icon", "contributors", "docsUrl", "doi",
            "license", "organization");
    /** Stats: after the seed's keys, the task counts Nextflow sends that the seed's stats lack. */
    static final List<String> STATS_COUNTS = List.of("pendingCount", "submittedCount", "runningCount",
            "retriesCount", "abortedCount", "peakRunning");

    private final WorkflowViews seed;

    public SeqeraViews(WorkflowViews seed) {
        this.seed = seed;
    }

    /**
     * GET /api/workflow/{id}.
     *
     * @param jobInfo the head job's state on a batch scheduler (JobInfoDto), null where there is none
     * @param labels  the run's labels (attributes=labels, from {@link RunAdditions}), else null
     */
    public void describe(JsonGenerator g, WorkflowService.Detail d, Shape shape, Object jobInfo, Object labels)
            throws IOException {
        Workflow w = d.workflow();
        g.writeStartObject();
        g.writeFieldName("workflow");
        seed.workflow(g, w, shape, false);
        g.writeFieldName("progress");
        seed.progress(g, d.progress().run(), d.progress().processes(), true);
        place(g, w.ownerId(), w.ownerName());
        g.writeFieldName("platform");
        if (d.platform() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            field(g, "id", d.platform());
            g.writeEndObject();
        }
        field(g, "jobInfo", jobInfo);
        field(g, "labels", labels);
        field(g, "optimized", shape.has(Shape.Attribute.OPTIMIZED) ? false : null);
        field(g, "pipelineInfo", null);
        g.writeFieldName("messages");
        if (shape.has(Shape.Attribute.MESSAGES)) {
            g.writeStartArray();
            g.writeEndArray();
        } else {
            g.writeNull();
        }
        g.writeEndObject();
    }

    /**
     * GET /api/workflows: each run with its totals and counters (processes only counted: ask
     * /progress), and what {@link RunAdditions} adds for the caller (one per run, in order).
     */
    public void list(JsonGenerator g, WorkflowService.RunPage page, Shape shape, List<RunAdditions.Added> added)
            throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("workflows");
        for (int i = 0; i < page.runs().size(); i++) {
            WorkflowService.Listed r = page.runs().get(i);
            g.writeStartObject();
            seed.listed(g, r, shape);
            place(g, r.ownerId(), r.ownerName());
            field(g, "labels", added.get(i).labels());
            field(g, "starred", added.get(i).starred());
            field(g, "optimized", shape.has(Shape.Attribute.OPTIMIZED) ? false : null);
            field(g, "pipelineInfo", null);
            g.writeEndObject();
        }
        g.writeEndArray();
        if (shape.includeTotalSize()) {
            field(g, "totalSize", page.total());
        }
        field(g, "hasMore", page.hasMore());
        g.writeEndObject();
    }

    /**
     * The one place that says which organisation and workspace a run is in: its owner's personal
     * workspace (auth/Workspaces), named after the owner; Pharos has no organisations yet.
     */
    private static void place(JsonGenerator g, long ownerId, String ownerName) throws IOException {
        field(g, "orgId", null);
        field(g, "orgName", null);
        field(g, "workspaceId", Workspaces.of(ownerId));
        field(g, "workspaceName", ownerName);
    }
}
