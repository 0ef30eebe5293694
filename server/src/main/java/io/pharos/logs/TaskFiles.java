package io.pharos.logs;

import io.pharos.error.ApiException;
import io.pharos.workflow.Task;
import io.pharos.workflow.TaskStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three files of a task folder the seed exposes (.command.out, .command.err, .command.log),
 * read only when the folder is on a file system the server can see. Nothing else is ever read:
 * the name must be one of the three, and the file must really be inside the task's folder.
 */
public final class TaskFiles {
    /** The names a client may ask for, with the seed's display texts. */
    public static final Map<String, String> FILES = new LinkedHashMap<>();

    static {
        FILES.put(".command.out", "Task stdout");
        FILES.put(".command.err", "Task stderr");
        FILES.put(".command.log", "Task log file");
    }

    /** How much of a log the log page shows: its last part, marked truncated when cut. */
    static final int MAX_PAGE_BYTES = 1024 * 1024;

    /** A log page in the seed's shape. */
    public record LogPage(List<String> entries, String rewindToken, String forwardToken, boolean pending,
                          String message, List<Download> downloads, boolean truncated) {
    }

    public record Download(String fileName, String displayText, String saveName) {
    }

    public LogPage logPage(Task task) {
        Path file = resolve(task, ".command.log");
        List<Download> downloads = new ArrayList<>();
        FILES.forEach((name, text) -> downloads.add(new Download(name, text, saveName(task, name))));
        boolean pending = !TaskStatus.valueOf(task.status()).ended();
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            String message = pending ? "The task has not written its log yet" : "The task folder has no .command.log";
            return new LogPage(List.of(), "b/0", "f/0", pending, message, downloads, false);
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            long from = Math.max(0, size - MAX_PAGE_BYTES);
            byte[] buf = new byte[(int) (size - from)];
            raf.seek(from);
            raf.readFully(buf);
            String text = new String(buf, StandardCharsets.UTF_8);
            if (from > 0) {
                int nl = text.indexOf('\n'); // drop the partial first line of a cut log
                text = nl < 0 ? "" : text.substring(nl + 1);
            }
            List<String> lines = text.isEmpty() ? List.of() : List.of(text.split("\r?\n", -1));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines = lines.subList(0, lines.size() - 1);
            }
            return new LogPage(lines, "b/" + from, "f/" + size, pending, null, downloads, from > 0);
        } catch (IOException e) {
            throw ApiException.notFound("The log of task " + task.taskId() + " cannot be read: " + e.getMessage());
        }
    }

    /** Opens one of the three files for download; the caller closes the stream. */
    public InputStream open(Task task, String fileName) {
        Path file = resolve(task, fileName);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw ApiException.notFound("Task " + task.taskId() + " has no " + fileName);
        }
        try {
            return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw ApiException.notFound("Task " + task.taskId() + "'s " + fileName + " cannot be read: " + e.getMessage());
        }
    }

    public static String saveName(Task task, String fileName) {
        return "task-" + task.taskId() + fileName + ".txt";
    }

    /**
     * The path of an allowed file inside the task's own folder. Refuses (400) any other name,
     * and (400) a file that is a link or resolves outside the folder; 404 when the folder is not
     * on a file system this server can read.
     */
    static Path resolve(Task task, String fileName) {
        if (fileName == null || !FILES.containsKey(fileName)) {
            throw ApiException.badRequest("Invalid fileName '" + fileName + "': use .command.out, .command.err or .command.log");
        }
        Path folder = localFolder(task);
        Path file = folder.resolve(fileName);
        if (Files.isSymbolicLink(file)) {
            throw ApiException.badRequest("Refusing to read " + fileName + " of task " + task.taskId()
                    + ": it is a link, not a file of the task folder");
        }
        try {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    && !file.toRealPath().getParent().equals(folder.toRealPath())) {
                throw ApiException.badRequest("Refusing to read " + fileName + " of task " + task.taskId()
                        + ": it resolves outside the task folder");
            }
        } catch (IOException e) {
            throw ApiException.notFound("The folder of task " + task.taskId() + " cannot be read: " + e.getMessage());
        }
        return file;
    }

    private static Path localFolder(Task task) {
        String workdir = task.workdir();
        if (workdir == null || workdir.isBlank()) {
            throw ApiException.notFound("Task " + task.taskId() + " has no work folder yet");
        }
        String p = workdir.startsWith("file://") ? workdir.substring("file://".length()) : workdir;
        if (p.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            throw ApiException.notFound("The folder of task " + task.taskId() + " is on remote storage (" + workdir
                    + ") that this server cannot read");
        }
        Path folder;
        try {
            folder = Path.of(p).normalize();
        } catch (InvalidPathException e) {
            throw ApiException.notFound("The folder of task " + task.taskId() + " is not a readable path");
        }
        if (!folder.isAbsolute() || !Files.isDirectory(folder)) {
            throw ApiException.notFound("The folder of task " + task.taskId() + " (" + workdir
                    + ") is not readable from this server");
        }
        return folder;
    }
}
