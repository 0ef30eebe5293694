package io.pharos.auth;

import java.time.Instant;

public record User(long id, String name, String email, String role, boolean canLaunch,
                   Instant dateCreated, Instant lastUpdated) {

    public static final String ADMIN = "admin";
    public static final String USER = "user";

    public boolean isAdmin() {
        return ADMIN.equals(role);
    }
}
