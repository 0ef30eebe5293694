package io.pharos.nf;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This plugin's version, written into a resource at build time. */
final class Version {
    private Version() {
    }

    static String get() {
        try (InputStream in = Version.class.getResourceAsStream("nf-pharos.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException ignored) {
            // fall through
        }
        return "unknown";
    }
}
