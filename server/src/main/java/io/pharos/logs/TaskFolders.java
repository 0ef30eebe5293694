package io.pharos.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.error.ApiException;
import io.pharos.workflow.Task;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * Which task folders Pharos reads, and how (docs/security.md, "Task files"). A reporter names
 * each task's folder, so the name is trusted only when all of these hold:
 * <ul>
 *   <li>it is an absolute path in canonical form, below one of the run's roots: the roots an
 *       admin configured ({@code --task-roots}) and, for a launched run, the work directory of
 *       its compute environment;</li>
 *   <li>no component below the root is a link: the folder is opened one component at a time from
 *       the root with no-follow opens, so nothing can be swapped in between the check and the read;</li>
 *   <li>the folder is claimed by the run's owner: the first run that reported it belonged to them.</li>
 * </ul>
 * Every refusal answers the same 404 as a missing folder, so nothing tells whether a path exists.
 */
public final class TaskFolders {
    private static final List<Path> NEVER = List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"));

    private final TaskFolderStore store;
    private final ObjectMapper json;
    private final List<Path> configuredRoots;

    public TaskFolders(Jdbi jdbi, ObjectMapper json, List<Path> configuredRoots) {
        this.store = jdbi.onDemand(TaskFolderStore.class);
        this.json = json;
        this.configuredRoots = List.copyOf(configuredRoots);
    }

    /** An open file of a task folder: its channel (the caller closes it) and its size when opened. */
    public record OpenFile(SeekableByteChannel channel, long size) {
    }

    /**
     * Opens {@code name} (a plain file name) in the task's folder, or empty when the folder is
     * readable but has no such regular file. Throws the one 404 when the folder is not readable.
     */
    public Optional<OpenFile> open(Task task, String name) {
        String path = FolderKeys.path(task.workdir());
        if (path == null) {
            throw ApiException.notFound("Task " + task.taskId() + " has no work folder yet");
        }
        if (path.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            throw ApiException.notFound("The folder of task " + task.taskId() + " is on remote storage (" + task.workdir()
                    + ") that this server cannot read");
        }
        Path folder = canonical(path).orElseThrow(() -> notReadable(task));
        long owner = store.owner(task.workflowId()).orElseThrow(() -> notReadable(task));
        List<Path> roots = roots(store, task.workflowId());
        Path root = roots.stream().filter(r -> folder.startsWith(r) && !folder.equals(r)).findFirst()
                .orElseThrow(() -> notReadable(task));
        if (!claimedBy(store, owner, folder, root, roots)) {
            throw notReadable(task);
        }
        try {
            return openBelow(root, root.relativize(folder), name);
        } catch (LinkedFileException e) {
            throw ApiException.badRequest("Refusing to read " + name + " of task " + task.taskId()
                    + ": it is a link or not a plain file of the task folder");
        } catch (IOException e) {
            throw notReadable(task);
        }
    }

    private static ApiException notReadable(Task task) {
        return ApiException.notFound("The folder of task " + task.taskId() + " is not readable from this server");
    }

    /** The path itself when it is absolute and already normal (no '.', '..', '//' or trailing '/'). */
    private static Optional<Path> canonical(String path) {
        try {
            Path p = Path.of(path);
            if (!p.isAbsolute() || !p.normalize().toString().equals(path) || NEVER.stream().anyMatch(p::startsWith)) {
                return Optional.empty();
            }
            return Optional.of(p);
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private List<Path> roots(TaskFolderStore store, String workflowId) {
        List<Path> roots = new ArrayList<>(configuredRoots);
        store.launchEnvConfig(workflowId).flatMap(this::workDir).ifPresent(roots::add);
        roots.removeIf(r -> NEVER.stream().anyMatch(r::startsWith) || r.getNameCount() == 0);
        return roots;
    }

    private Optional<Path> workDir(String configJson) {
        try {
            JsonNode w = json.readTree(configJson).path("workDir");
            return w.isTextual() ? canonical(w.asText().replaceAll("/+$", "")) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * True when the folder has claims and all of them are the owner's. The same folder may be named
     * through another root that is the same directory (a root given by a link and by its target),
     * so the claims of each such spelling count too.
     */
    private static boolean claimedBy(TaskFolderStore store, long owner, Path folder, Path root, List<Path> roots) {
        Path rel = root.relativize(folder);
        Set<String> keys = new LinkedHashSet<>();
        keys.add(FolderKeys.key(folder.toString()));
        Path real = realOrNull(root);
        for (Path other : roots) {
            if (real != null && real.equals(realOrNull(other))) {
                keys.add(FolderKeys.key(other.resolve(rel).toString()));
            }
        }
        List<Long> claimants = store.claimants(keys);
        return !claimants.isEmpty() && claimants.stream().allMatch(c -> c == owner);
    }

    private static Path realOrNull(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    /** Walks from the root to the folder one no-follow component at a time, then opens the file. */
    private static Optional<OpenFile> openBelow(Path root, Path rel, String name) throws IOException {
        List<DirectoryStream<Path>> opened = new ArrayList<>();
        try {
            DirectoryStream<Path> dir = Files.newDirectoryStream(root);
            opened.add(dir);
            for (Path component : rel) {
                if (!(dir instanceof SecureDirectoryStream<Path> sds)) {
                    throw new IOException("no race-free directory access on this platform");
                }
                dir = sds.newDirectoryStream(component, LinkOption.NOFOLLOW_LINKS);
                opened.add(dir);
            }
            SecureDirectoryStream<Path> folder = (SecureDirectoryStream<Path>) dir;
            Path file = Path.of(name);
            BasicFileAttributes attrs;
            try {
                attrs = folder.getFileAttributeView(file, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes();
            } catch (java.nio.file.NoSuchFileException e) {
                return Optional.empty();
            }
            if (!attrs.isRegularFile()) {
                throw new LinkedFileException(name);
            }
            Object links = Files.getAttribute(root.resolve(rel).resolve(name), "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            if (links instanceof Integer n && n > 1) {
                throw new LinkedFileException(name);
            }
            SeekableByteChannel ch = folder.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
            return Optional.of(new OpenFile(ch, ch.size()));
        } finally {
            for (int i = opened.size() - 1; i >= 0; i--) {
                opened.get(i).close();
            }
        }
    }

    /** A file of the folder that is a link (symbolic or hard) or not a file at all: refused, never followed. */
    public static final class LinkedFileException extends IOException {
        LinkedFileException(String name) {
            super(name + " is a link or not a regular file");
        }
    }
}
