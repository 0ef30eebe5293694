package io.pharos.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Installs a Nextflow plugin folder (such as the bundled nf-pharos-VERSION/) into a plugins
 * folder that Nextflow reads through NXF_PLUGINS_DIR. Idempotent: an identical installed copy
 * is left alone; a different one is replaced whole, through a temporary folder, so Nextflow
 * never sees half a plugin.
 */
public final class PluginInstaller {
    /** What happened: the plugin's folder name and whether anything was written. */
    public record Result(String plugin, Path installedAt, boolean changed) {
    }

    private PluginInstaller() {
    }

    /**
     * @param source   a plugin folder (with classes/META-INF/MANIFEST.MF), or a folder holding exactly one
     * @param pluginsDir the plugins folder; created when missing
     */
    public static Result install(Path source, Path pluginsDir) {
        Path plugin = pluginFolder(source);
        String name = folderName(plugin);
        Path target = pluginsDir.resolve(name);
        try {
            Files.createDirectories(pluginsDir);
            if (Files.isDirectory(target) && sameTree(plugin, target)) {
                return new Result(name, target, false);
            }
            Path staging = Files.createTempDirectory(pluginsDir, "." + name + ".installing-");
            copyTree(plugin, staging);
            Path old = null;
            if (Files.exists(target)) {
                old = pluginsDir.resolve("." + name + ".old-" + System.nanoTime());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                deleteTree(old);
            }
            return new Result(name, target, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + plugin + " into " + pluginsDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where the plugin that ships with this server is: {@code plugins/} beside the jar (a
     * release), else {@code nf-pharos/target/plugin/} of the source tree the jar was built in.
     */
    public static Optional<Path> bundled(Path jarDir) {
        List<Path> candidates = List.of(jarDir.resolve("plugins"),
                jarDir.resolve("../../nf-pharos/target/plugin").normalize());
        for (Path c : candidates) {
            try {
                return Optional.of(pluginFolder(c));
            } catch (IllegalArgumentException notThere) {
                // try the next place
            }
        }
        return Optional.empty();
    }

    /**
     * Where Nextflow runs launched by this server look for plugins: {@code NXF_PLUGINS_DIR} when
     * set, else {@code nextflow-plugins} in the data folder.
     */
    public static Path defaultPluginsDir(Path dataDir) {
        String env = System.getenv("NXF_PLUGINS_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : dataDir.resolve("nextflow-plugins");
    }

    /** The folder of the running server jar (or its classes folder). */
    public static Path jarDir() {
        try {
            Path p = Path.of(PluginInstaller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.getParent();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Path.of(".").toAbsolutePath();
        }
    }

    /** {@code dir} itself when it is a plugin folder, else its only plugin sub-folder. */
    static Path pluginFolder(Path dir) {
        if (isPlugin(dir)) {
            return dir;
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no such folder: " + dir);
        }
        List<Path> plugins = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(PluginInstaller::isPlugin).forEach(plugins::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (plugins.size() != 1) {
            throw new IllegalArgumentException(dir + " is not a Nextflow plugin folder (classes/META-INF/MANIFEST.MF) "
                    + (plugins.isEmpty() ? "and holds none" : "and holds " + plugins.size() + ": name one"));
        }
        return plugins.get(0);
    }

    private static boolean isPlugin(Path dir) {
        return Files.isRegularFile(dir.resolve("classes/META-INF/MANIFEST.MF"));
    }

    /** id-version from the manifest, the name Nextflow looks for. */
    static String folderName(Path plugin) {
        try (var in = Files.newInputStream(plugin.resolve("classes/META-INF/MANIFEST.MF"))) {
            var attrs = new Manifest(in).getMainAttributes();
            String id = attrs.getValue("Plugin-Id");
            String version = attrs.getValue("Plugin-Version");
            if (id == null || version == null || !id.matches("[A-Za-z0-9._-]+") || !version.matches("[A-Za-z0-9._+-]+")) {
                throw new IllegalArgumentException(plugin + ": the manifest needs a Plugin-Id and a Plugin-Version");
            }
            return id + "-" + version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Same relative files with the same bytes (folders and symbolic links aside). */
    static boolean sameTree(Path a, Path b) throws IOException {
        List<String> fa = files(a);
        if (!fa.equals(files(b))) {
            return false;
        }
        for (String f : fa) {
            Path x = a.resolve(f);
            Path y = b.resolve(f);
            if (Files.size(x) != Files.size(y) || !Arrays.equals(Files.readAllBytes(x), Files.readAllBytes(y))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
