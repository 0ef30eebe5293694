package io.pharos.labels;

import io.javalin.http.Context;
import io.pharos.http.Requests;
import java.util.List;

/** HTTP in and out for labels and stars; JSON from {@link LabelViews}. */
public final class LabelHandlers {
    private final LabelService labels;
    private final StarService stars;
    private final Requests requests;

    public LabelHandlers(LabelService labels, StarService stars, Requests requests) {
        this.labels = labels;
        this.stars = stars;
        this.requests = requests;
    }

    /** AssociateWorkflowLabelsRequest. */
    record Association(List<String> workflowIds, List<Long> labelIds) {
    }

    public void list(Context ctx) {
        ctx.json(LabelViews.list(labels.list(Requests.principal(ctx), ctx.queryParam("search"), ctx.queryParam("type"),
                ctx.queryParam("isDefault"), Requests.intQuery(ctx, "max", 100), Requests.intQuery(ctx, "offset", 0))));
    }

    /** GET /api/labels/dynamic/allowed: the values a dynamic label may take; Pharos has no dynamic labels. */
    public void allowedDynamic(Context ctx) {
        ctx.json(java.util.Map.of("values", List.of()));
    }

    public void create(Context ctx) {
        ctx.json(LabelViews.created(labels.create(Requests.principal(ctx),
                requests.body(ctx, LabelService.NewLabel.class))));
    }

    public void update(Context ctx) {
        ctx.json(LabelViews.updated(labels.update(Requests.principal(ctx), Requests.longPath(ctx, "labelId"),
                requests.body(ctx, LabelService.LabelChange.class))));
    }

    public void delete(Context ctx) {
        labels.delete(Requests.principal(ctx), Requests.longPath(ctx, "labelId"));
        ctx.status(204);
    }

    public void addToRuns(Context ctx) {
        associate(ctx, LabelService.Association.ADD);
    }

    public void applyToRuns(Context ctx) {
        associate(ctx, LabelService.Association.APPLY);
    }

    public void removeFromRuns(Context ctx) {
        associate(ctx, LabelService.Association.REMOVE);
    }

    private void associate(Context ctx, LabelService.Association how) {
        Association body = requests.body(ctx, Association.class);
        labels.associate(Requests.principal(ctx), how, body == null ? null : body.workflowIds(),
                body == null ? null : body.labelIds());
        ctx.status(204);
    }

    public void isStarred(Context ctx) {
        String id = ctx.pathParam("workflowId");
        stars.checkStarred(Requests.principal(ctx), id);
        ctx.json(LabelViews.star(id));
    }

    public void star(Context ctx) {
        String id = ctx.pathParam("workflowId");
        stars.star(Requests.principal(ctx), id);
        ctx.json(LabelViews.star(id));
    }

    public void unstar(Context ctx) {
        String id = ctx.pathParam("workflowId");
        stars.unstar(Requests.principal(ctx), id);
        ctx.json(LabelViews.star(id));
    }
}
