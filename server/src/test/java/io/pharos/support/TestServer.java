package io.pharos.support;

import io.pharos.App;
import io.pharos.Config;

/** A real Pharos on a free port of 127.0.0.1, with its first-start admin token at hand. */
public final class TestServer implements AutoCloseable {
    private final App app;
    private final String adminToken;
    /** A database made for this server alone, closed (and dropped) with it; null when the test owns it. */
    private final TestDb ownDb;

    private TestServer(App app, String adminToken, TestDb ownDb) {
        this.app = app;
        this.adminToken = adminToken;
        this.ownDb = ownDb;
    }

    public static TestServer start(Config config) {
        App app = App.start(config);
        String token = app.bootstrap().map(b -> b.token().secret()).orElse(null);
        return new TestServer(app, token, null);
    }

    /** A server on a new database of its own (H2 in {@code dataDir}, or a new PostgreSQL database). */
    public static TestServer onNewDatabase(TestDb.Kind kind, java.nio.file.Path dataDir) {
        return onNewDatabase(kind, dataDir, c -> c);
    }

    /** The same, with the config adjusted first (limits, the nextflow command, ...). */
    public static TestServer onNewDatabase(TestDb.Kind kind, java.nio.file.Path dataDir,
                                           java.util.function.UnaryOperator<Config> adjust) {
        TestDb db = TestDb.create(kind, dataDir);
        try {
            App app = App.start(adjust.apply(db.config()));
            return new TestServer(app, app.bootstrap().map(b -> b.token().secret()).orElse(null), db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Stops this server (as a shutdown does: head jobs keep running) and starts a new one on the
     * same database, data folder and port; the database made for this server goes on with the new one.
     */
    public TestServer restart() {
        Config config = app.config().withPort(app.port());
        app.close();
        App again = App.start(config);
        return new TestServer(again, adminToken, ownDb);
    }

    public App app() {
        return app;
    }

    /** The admin token printed on first start; null when the database already had an admin. */
    public String adminToken() {
        return adminToken;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    public Http http() {
        return new Http(baseUrl());
    }

    /** A new user with its own token, for tests of who may see what. */
    public String newUserToken(String name, boolean admin) {
        var user = app.auth().createUser(name, null, admin);
        return app.auth().createToken(user.id(), "test", null).secret();
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            if (ownDb != null) {
                ownDb.close();
            }
        }
    }
}
