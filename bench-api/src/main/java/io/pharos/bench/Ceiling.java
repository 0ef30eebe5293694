package io.pharos.bench;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP ceiling: a bare Jetty server (the version Pharos runs on, its default thread pool)
 * whose one handler answers every request with a stored body, with no routing, authentication,
 * database or JSON. Measured with the same clients as Pharos, it is what this machine can do
 * for a body of that size.
 */
final class Ceiling implements AutoCloseable {
    private final Server server = new Server();
    private volatile byte[] body = new byte[0];

    Ceiling() throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                byte[] b = body;
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
                response.write(true, ByteBuffer.wrap(b), callback);
                return true;
            }
        });
        server.start();
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** The body every following request gets. */
    void answer(byte[] b) {
        body = b;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
