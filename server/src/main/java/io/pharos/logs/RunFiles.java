package io.pharos.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The files of a launched run's folder (its console, Nextflow's log, the exit code). The head
 * job runs pipeline code in that folder, which can replace any of them by a link to another
 * file the server may read: a symlink, or a hard link of a file on the same disk. So Pharos
 * opens them only as regular files with one link, never through a link, and treats anything
 * else as not there, saying nothing about what it found instead.
 */
public final class RunFiles {
    private RunFiles() {
    }

    /** The file open for reading; empty when it is missing, a link, or not a regular file of its own. */
    public static Optional<FileChannel> openForReading(Path file) {
        Optional<Object> before = ownRegularFile(file);
        if (before.isEmpty()) {
            return Optional.empty();
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return Optional.empty(); // gone, or a symlink now (ELOOP)
        }
        // Checked again by name: a file swapped in between the check and the open is refused too.
        if (!before.equals(ownRegularFile(file))) {
            close(ch);
            return Optional.empty();
        }
        return Optional.of(ch);
    }

    /** The first line of a small file (such as the exit code), if it can be read as above. */
    public static Optional<String> readSmall(Path file, int maxBytes) {
        Optional<FileChannel> ch = openForReading(file);
        if (ch.isEmpty()) {
            return Optional.empty();
        }
        try (FileChannel c = ch.get()) {
            ByteBuffer buf = ByteBuffer.allocate(maxBytes);
            while (buf.hasRemaining() && c.read(buf) > 0) {
                // fill up to maxBytes
            }
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
            return text.lines().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Appends a line, never through a link nor to a file with other names; false if it cannot. */
    public static boolean appendLine(Path file, String line) {
        if (!isDirectoryItself(file.getParent())
                || Files.exists(file, LinkOption.NOFOLLOW_LINKS) && ownRegularFile(file).isEmpty()) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The file's identity when it is a regular file with one link in a folder that is no link itself. */
    private static Optional<Object> ownRegularFile(Path file) {
        if (file == null || !isDirectoryItself(file.getParent())) {
            return Optional.empty();
        }
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:isRegularFile,nlink,fileKey",
                    LinkOption.NOFOLLOW_LINKS);
            boolean own = Boolean.TRUE.equals(a.get("isRegularFile")) && Objects.equals(a.get("nlink"), 1);
            return own ? Optional.ofNullable(a.get("fileKey")) : Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** The run folder itself must not be a link either (to another run's folder, say). */
    private static boolean isDirectoryItself(Path dir) {
        return dir != null && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing was read from it
        }
    }
}
