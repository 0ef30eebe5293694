package io.pharos.db;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The data folder holds the embedded database, run scripts, parameters and console logs: only
 * the OS user that runs Pharos may read it. The folder is made 0700 and everything in it loses
 * its group and other bits, on a new folder and on an existing one (with a warning), so another
 * local account can neither read the database file nor the H2 server key in its lock file.
 */
public final class DataFolder {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DataFolder.class);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private DataFolder() {
    }

    /** Creates the folder owner-only, or tightens an existing one; returns how many entries were tightened. */
    public static int secure(Path dir) throws IOException {
        if (!Files.getFileStore(Files.createDirectories(dir)).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return 0; // not a POSIX file system: nothing to set
        }
        int[] changed = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                tighten(d, changed);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isSymbolicLink()) {
                    tighten(f, changed);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE; // a file that vanished while walked (a run's temp file)
            }
        });
        if (changed[0] > 0) {
            LOG.warn("Data folder {}: removed group and other access from {} entries; only this OS user may read it",
                    dir.toAbsolutePath(), changed[0]);
        }
        return changed[0];
    }

    /** Owner-only modes for the files a process created just now (the database and its lock file). */
    public static void tightenFiles(Path dir, String prefix) {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().startsWith(prefix) && !Files.isSymbolicLink(f)) {
                    tighten(f, new int[1]);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not restrict the modes of {}/{}*: {}", dir, prefix, e.getMessage());
        }
    }

    private static void tighten(Path p, int[] changed) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        if (perms.removeAll(OTHERS)) {
            Files.setPosixFilePermissions(p, perms);
            changed[0]++;
        }
    }

    /** The mode as rwx text, for messages and tests. */
    public static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
