package io.pharos.auth;

import io.javalin.security.RouteRole;

/**
 * Who may call a route. PUBLIC needs no token; USER needs any valid token; ADMIN needs an
 * admin's token. Checked in one place, the HTTP layer's access filter.
 */
public enum Role implements RouteRole {
    PUBLIC, USER, ADMIN
}
