package io.pharos.auth;

import io.pharos.error.ApiException;

/**
 * Workspaces, as the Seqera Platform API names them. Pharos has no organisations yet: each user has
 * exactly one workspace, their personal one, and everything the user owns (runs, labels) lives in it.
 * Its id is the user's own id, so a run's workspace is known from its owner without a lookup; an
 * organisation's workspaces, when they come, get ids of their own.
 * <p>
 * Every API route takes an optional {@code workspaceId}; a caller may name only a workspace they
 * belong to (403 otherwise, whether or not it exists), and what a route reads or changes is the same
 * as without it. An administrator belongs to their own workspace, like everyone; what an
 * administrator may read of other users' runs does not depend on the parameter.
 */
public final class Workspaces {
    public static final String PARAM = "workspaceId";

    private Workspaces() {
    }

    /** The personal workspace of a user. */
    public static long personalOf(long userId) {
        return userId;
    }

    /** The workspace a thing owned by this user belongs to. */
    public static long of(long ownerId) {
        return personalOf(ownerId);
    }

    public static String nameOf(User u) {
        return u.name();
    }

    /** Checks a request's {@code workspaceId} (null or blank: none given, as Seqera's clients send for the personal one). */
    public static void checkMember(Principal p, String workspaceId) {
        if (workspaceId == null || workspaceId.isBlank()) {
            return;
        }
        long id;
        try {
            id = Long.parseLong(workspaceId.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("workspaceId must be a workspace's numeric id, not '" + workspaceId + "'");
        }
        if (id != personalOf(p.userId())) {
            throw ApiException.forbidden("You are not a member of workspace " + id);
        }
    }
}
