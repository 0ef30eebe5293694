package io.pharos.auth;

/** The caller of a request: the token's user, and the token itself. */
public record Principal(User user, AccessToken token) {
    public boolean isAdmin() {
        return user.isAdmin();
    }

    /** A token minted by a launch for one run: it may only report that run (the trace protocol). */
    public boolean runScoped() {
        return token.workflowId() != null;
    }

    public long userId() {
        return user.id();
    }

    /** Owner or admin: the one rule for reading and changing a user's things. */
    public boolean mayAccess(long ownerId) {
        return user.isAdmin() || user.id() == ownerId;
    }
}
