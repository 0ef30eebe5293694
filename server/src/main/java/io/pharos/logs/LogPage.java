package io.pharos.logs;

import java.util.List;

/**
 * A page of a log in the seed's shape: a task's .command.log or a launched run's console.
 * Tokens are byte offsets ({@code b/N} back, {@code f/N} forward); {@code downloads} names the
 * files that can be fetched whole.
 */
public record LogPage(List<String> entries, String rewindToken, String forwardToken, boolean pending,
                      String message, List<Download> downloads, boolean truncated) {

    public record Download(String fileName, String displayText, String saveName) {
    }
}
