package io.pharos.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.Config;
import io.pharos.db.DataFolder;
import io.pharos.support.TestServer;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database is for the OS user that runs Pharos alone: its data folder and files
 * are owner-only, and the port through which the CLI reaches the H2 file listens on loopback.
 */
class EmbeddedDatabaseAccessTest {

    @Test
    void an_existing_world_readable_data_folder_is_made_owner_only_with_everything_in_it(@TempDir Path tmp)
            throws IOException {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("runs/old-run"));
        Files.writeString(data.resolve("runs/old-run/run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(data.resolve("runs/old-run/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("runs/old-run"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (TestServer server = TestServer.start(Config.defaults(data).withPort(0))) {
            assertThat(DataFolder.mode(data)).isEqualTo("rwx------");
            assertThat(DataFolder.mode(data.resolve("runs/old-run"))).isEqualTo("rwx------");
            assertThat(DataFolder.mode(data.resolve("runs/old-run/run.sh"))).isEqualTo("rwx------");
            assertThat(DataFolder.mode(data.resolve("pharos.mv.db"))).isEqualTo("rw-------");
            assertThat(DataFolder.mode(data.resolve("pharos.lock.db"))).isEqualTo("rw-------");
        }
    }

    @Test
    void the_port_that_shares_the_h2_file_with_the_cli_listens_on_loopback_only(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("data");
        try (TestServer server = TestServer.start(Config.defaults(data).withPort(0))) {
            Properties lock = new Properties();
            try (Reader r = Files.newBufferedReader(data.resolve("pharos.lock.db"))) {
                lock.load(r);
            }
            String address = lock.getProperty("server");
            assertThat(address).as("H2 AUTO_SERVER address in the lock file").isNotNull();
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            List<String> listeners = listeners(port);
            assertThat(listeners).as("sockets listening on port " + port).isNotEmpty();
            assertThat(listeners).allSatisfy(a -> assertThat(a).isIn("127.0.0.1", "::1"));
        }
    }

    /** The local addresses of the sockets that listen on a port, from the kernel's own tables. */
    private static List<String> listeners(int port) throws IOException {
        List<String> found = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p); // read once: the table changes as other sockets come and go
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                if (!f[3].equals("0A") || Integer.parseInt(local[1], 16) != port) {
                    continue; // 0A is LISTEN
                }
                found.add(address(local[0]));
            }
        }
        return found;
    }

    /** /proc/net/tcp writes addresses as little-endian hex words. */
    private static String address(String hex) {
        if (hex.length() == 8) {
            long v = Long.parseLong(hex, 16);
            return (v & 0xff) + "." + (v >> 8 & 0xff) + "." + (v >> 16 & 0xff) + "." + (v >> 24 & 0xff);
        }
        if (hex.startsWith("0000000000000000FFFF0000")) {
            return address(hex.substring(24)); // an IPv4 address on an IPv6 socket
        }
        if (hex.equals("00000000000000000000000001000000")) {
            return "::1";
        }
        if (hex.equals("00000000000000000000000000000000")) {
            return "::";
        }
        return hex;
    }
}
