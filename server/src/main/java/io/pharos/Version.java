package io.pharos;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this build, read from a resource Maven fills in. */
public final class Version {
    public static final String API_VERSION = "1.181.0";
    private static final String VERSION = load();

    private Version() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
