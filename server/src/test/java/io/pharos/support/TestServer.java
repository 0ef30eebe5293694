package io.pharos.support;

import io.pharos.App;
import io.pharos.Config;

/** A real Pharos on a free port of 127.0.0.1, with its first-start admin token at hand. */
public final class TestServer implements AutoCloseable {
    private final App app;
    private final String adminToken;

    private TestServer(App app, String adminToken) {
        this.app = app;
        this.adminToken = adminToken;
    }

    public static TestServer start(Config config) {
        App app = App.start(config);
        String token = app.bootstrap().map(b -> b.token().secret()).orElse(null);
        return new TestServer(app, token);
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
        app.close();
    }
}
