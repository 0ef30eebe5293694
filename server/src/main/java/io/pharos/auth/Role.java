package io.pharos.auth;

import io.javalin.security.RouteRole;

/**
 * Who may call a route. PUBLIC needs no token; USER needs a user's token; ADMIN needs an
 * admin's token; RUN is a USER route that a run-scoped token (the one a launch gives its head
 * job) may also call, for its own run only. Checked in one place, the HTTP layer's access filter.
 */
public enum Role implements RouteRole {
    PUBLIC, USER, ADMIN, RUN
}
