package io.pharos.auth;

import java.time.Instant;

/** A stored token: never the token itself, only its hash and the last characters as a hint. */
public record AccessToken(long id, long userId, String name, String tokenHash, String hint, String workflowId,
                          Instant dateCreated, Instant lastUsed, Instant revoked) {
}
