package io.pharos.logs;

import io.pharos.error.ApiException;
import io.pharos.launch.Launch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Pages of a head job's console file, by byte offset, in the seed's log shape: with no token
 * the newest page; {@code f/N} the lines from offset N on (to tail a running run); {@code b/N}
 * the page that ends at offset N (to read back). Pages hold whole lines only.
 */
public final class ConsoleLog {
    public static final int DEFAULT_MAX_LENGTH = 64 * 1024;
    public static final int LIMIT_MAX_LENGTH = 1024 * 1024;

    /** A page of a launched run's console, pending while its head job has not ended. */
    public LogPage page(Launch l, String next, int maxLength) {
        String id = l.workflowId();
        List<LogPage.Download> downloads = List.of(
                new LogPage.Download(consoleName(id), "Nextflow console output", consoleName(id)),
                new LogPage.Download(logName(id), "Nextflow log file", logName(id)));
        Path file = l.consoleFile() == null ? Path.of("/nonexistent") : l.consoleFile();
        return read(file, next, maxLength, !Launch.ENDED.equals(l.state()), downloads);
    }

    /** Opens nf-{id}.txt (the console) or nf-{id}.log (Nextflow's log) of a launched run; the caller closes it. */
    public InputStream open(Launch l, String fileName) {
        String workflowId = l.workflowId();
        Path file;
        if (consoleName(workflowId).equals(fileName)) {
            file = l.consoleFile();
        } else if (logName(workflowId).equals(fileName)) {
            file = l.nextflowLogFile();
        } else {
            throw ApiException.badRequest("Invalid fileName '" + fileName + "': use " + consoleName(workflowId)
                    + " or " + logName(workflowId));
        }
        // Never through a link the pipeline may have put there: such a file is simply not there.
        Optional<FileChannel> opened = file == null ? Optional.empty() : RunFiles.openForReading(file);
        if (opened.isEmpty()) {
            throw ApiException.notFound("Run " + workflowId + " has no " + fileName + " yet");
        }
        return Channels.newInputStream(opened.get());
    }

    private static String consoleName(String workflowId) {
        return "nf-" + workflowId + ".txt";
    }

    private static String logName(String workflowId) {
        return "nf-" + workflowId + ".log";
    }

    LogPage read(Path file, String next, int maxLength, boolean pending, List<LogPage.Download> downloads) {
        if (maxLength < 1 || maxLength > LIMIT_MAX_LENGTH) {
            throw ApiException.badRequest("Invalid maxLength " + maxLength + ": use 1 to " + LIMIT_MAX_LENGTH);
        }
        // The head job's pipeline code could have put a link there: that reads as no output.
        Optional<FileChannel> opened = RunFiles.openForReading(file);
        if (opened.isEmpty()) {
            return new LogPage(List.of(), "b/0", "f/0", pending, pending ? "The run has not printed anything yet" : null,
                    downloads, false);
        }
        try (FileChannel ch = opened.get()) {
            long size = ch.size();
            long from;
            long to;
            if (next == null || next.isBlank()) {
                to = size;
                from = Math.max(0, size - maxLength);
            } else if (next.matches("f/\\d{1,18}")) {
                from = Math.min(Long.parseLong(next.substring(2)), size);
                to = Math.min(size, from + maxLength);
            } else if (next.matches("b/\\d{1,18}")) {
                to = Math.min(Long.parseLong(next.substring(2)), size);
                from = Math.max(0, to - maxLength);
            } else {
                throw ApiException.badRequest("Invalid next '" + next + "': use a rewindToken or forwardToken of a page");
            }
            byte[] buf = new byte[(int) (to - from)];
            ByteBuffer into = ByteBuffer.wrap(buf);
            while (into.hasRemaining() && ch.read(into, from + into.position()) > 0) {
                // read until the page is full
            }
            if (into.hasRemaining()) { // the file shrank meanwhile: a shorter page
                buf = Arrays.copyOf(buf, into.position());
                to = from + buf.length;
            }
            // Whole lines only: drop a partial first line (unless at the start) and a partial last one.
            int start = 0;
            if (from > 0 && (next == null || !next.startsWith("f/"))) {
                int nl = indexOf(buf, 0);
                start = nl < 0 ? buf.length : nl + 1;
            }
            int end = buf.length;
            if (to < size || pending) {
                int nl = lastIndexOf(buf);
                end = nl < start ? start : nl + 1;
            }
            List<String> lines = new ArrayList<>();
            String text = new String(buf, start, end - start, StandardCharsets.UTF_8);
            if (!text.isEmpty()) {
                for (String line : text.split("\r?\n", -1)) {
                    lines.add(line);
                }
                if (lines.get(lines.size() - 1).isEmpty()) {
                    lines.remove(lines.size() - 1);
                }
            }
            long pageFrom = from + start;
            long pageTo = from + end;
            return new LogPage(lines, "b/" + pageFrom, "f/" + pageTo, pending, null, downloads, pageFrom > 0);
        } catch (IOException e) {
            throw ApiException.notFound("The console output cannot be read: " + e.getMessage());
        }
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
