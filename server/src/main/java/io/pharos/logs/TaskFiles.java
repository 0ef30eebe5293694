package io.pharos.logs;

import io.pharos.error.ApiException;
import io.pharos.workflow.Task;
import io.pharos.workflow.TaskStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three files of a task folder the seed exposes (.command.out, .command.err, .command.log).
 * Nothing else is ever read: the name must be one of the three, and {@link TaskFolders} decides
 * whether the folder may be read at all and opens the file without following links.
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

    private final TaskFolders folders;

    public TaskFiles(TaskFolders folders) {
        this.folders = folders;
    }

    public LogPage logPage(Task task) {
        List<LogPage.Download> downloads = new ArrayList<>();
        FILES.forEach((name, text) -> downloads.add(new LogPage.Download(name, text, saveName(task, name))));
        boolean pending = !TaskStatus.valueOf(task.status()).ended();
        Optional<TaskFolders.OpenFile> opened = folders.open(task, ".command.log");
        if (opened.isEmpty()) {
            String message = pending ? "The task has not written its log yet" : "The task folder has no .command.log";
            return new LogPage(List.of(), "b/0", "f/0", pending, message, downloads, false);
        }
        try (SeekableByteChannel ch = opened.get().channel()) {
            long size = opened.get().size();
            long from = Math.max(0, size - MAX_PAGE_BYTES);
            ByteBuffer buf = ByteBuffer.allocate((int) (size - from));
            ch.position(from);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // a file that shrank while read ends the page early
            }
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
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
            throw ApiException.notFound("The log of task " + task.taskId() + " cannot be read");
        }
    }

    /** Opens one of the three files for download; the caller closes the stream. */
    public InputStream open(Task task, String fileName) {
        if (fileName == null || !FILES.containsKey(fileName)) {
            throw ApiException.badRequest("Invalid fileName '" + fileName + "': use .command.out, .command.err or .command.log");
        }
        TaskFolders.OpenFile f = folders.open(task, fileName)
                .orElseThrow(() -> ApiException.notFound("Task " + task.taskId() + " has no " + fileName));
        return Channels.newInputStream(f.channel());
    }

    public static String saveName(Task task, String fileName) {
        return "task-" + task.taskId() + fileName + ".txt";
    }
}
