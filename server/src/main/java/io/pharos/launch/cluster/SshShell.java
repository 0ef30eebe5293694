package io.pharos.launch.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Commands on a cluster's login node over SSH (Apache MINA SSHD), as one user with one private
 * key. The host must present the key recorded for the environment; with none recorded yet
 * ({@code recordHostKey}, an admin's connection test) the key it presents is accepted and
 * reported through {@link #hostKey()}, for the caller to record. One session is kept open and
 * reopened when it drops; each command is one exec channel on it.
 */
public final class SshShell implements ClusterShell {
    private static final Duration CONNECT = Duration.ofSeconds(15);

    private final String host;
    private final int port;
    private final String user;
    private final byte[] privateKey;
    private final String passphrase;
    private final String knownHostKey;
    private final AtomicReference<String> presented = new AtomicReference<>();
    private SshClient client;
    private ClientSession session;

    /**
     * @param knownHostKey the host key recorded for this environment (an OpenSSH public key line), or
     *                     null to accept the one presented (only for an admin's first connection)
     */
    public SshShell(String host, int port, String user, String privateKey, String passphrase, String knownHostKey) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.privateKey = privateKey.getBytes(StandardCharsets.UTF_8);
        this.passphrase = passphrase;
        this.knownHostKey = knownHostKey;
    }

    /** The host key the server presented, as an OpenSSH public key line (after a connection). */
    public String hostKey() {
        return presented.get();
    }

    private synchronized ClientSession session() throws Unreachable {
        if (session != null && session.isOpen() && !session.isClosing()) {
            return session;
        }
        closeSession();
        if (client == null) {
            client = SshClient.setUpDefaultClient();
            client.setServerKeyVerifier(this::verify);
            client.start();
        }
        String where = user + "@" + host + ":" + port;
        ClientSession s = null;
        try {
            s = client.connect(user, host, port).verify(CONNECT).getSession();
            for (KeyPair kp : keys()) {
                s.addPublicKeyIdentity(kp);
            }
            s.auth().verify(CONNECT);
            session = s;
            return s;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (s != null) {
                s.close(true);
            }
            throw new Unreachable("Cannot log in to " + where + ": " + reason(e), e);
        }
    }

    /** The private key(s) of the credential; never logged or shown (a parse error names no content). */
    private Iterable<KeyPair> keys() throws IOException, GeneralSecurityException {
        FilePasswordProvider pw = passphrase == null || passphrase.isEmpty()
                ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(passphrase);
        Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("credential"),
                new ByteArrayInputStream(privateKey), pw);
        if (keys == null || !keys.iterator().hasNext()) {
            throw new GeneralSecurityException("the credential holds no private key this server can read");
        }
        return keys;
    }

    private boolean verify(ClientSession s, SocketAddress remote, PublicKey key) {
        String line = PublicKeyEntry.toString(key);
        presented.set(line);
        if (knownHostKey == null) {
            return true;
        }
        return sameKey(knownHostKey, line);
    }

    static boolean sameKey(String a, String b) {
        String[] x = a.strip().split("\\s+");
        String[] y = b.strip().split("\\s+");
        return x.length >= 2 && y.length >= 2 && x[0].equals(y[0]) && x[1].equals(y[1]);
    }

    /** A fingerprint of a recorded host key, for messages and the UI. */
    public static String fingerprint(String hostKeyLine) {
        try {
            return KeyUtils.getFingerPrint(PublicKeyEntry.parsePublicKeyEntry(hostKeyLine).resolvePublicKey(null, null, null));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return "(unreadable key)";
        }
    }

    private String reason(Throwable e) {
        String presentedKey = presented.get();
        if (knownHostKey != null && presentedKey != null && !sameKey(knownHostKey, presentedKey)) {
            return "the host key it presented (" + fingerprint(presentedKey) + ") is not the one recorded for this "
                    + "compute environment (" + fingerprint(knownHostKey) + ")";
        }
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (m.contains("No more authentication methods") || m.toLowerCase().contains("auth")) {
            return "the key was refused (" + m + ")";
        }
        return m;
    }

    @Override
    public Result run(String command, byte[] stdin, Duration timeout) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            ClientSession s = session();
            try (ChannelExec ch = s.createExecChannel(command)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                ch.setOut(out);
                ch.setErr(err);
                ch.setIn(new ByteArrayInputStream(stdin == null ? new byte[0] : stdin));
                ch.open().verify(CONNECT);
                var events = ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS), timeout);
                if (events.contains(ClientChannelEvent.TIMEOUT)) {
                    throw new IOException("'" + command.lines().findFirst().orElse("") + "' did not finish within "
                            + timeout.toSeconds() + " s on " + host);
                }
                ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(5));
                Integer exit = ch.getExitStatus();
                return new Result(exit == null ? -1 : exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                // A dropped connection: open a new session and try once more.
                last = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                if (s.isOpen() && !s.isClosing()) {
                    throw last;
                }
                closeSession();
            }
        }
        throw new Unreachable("Lost the connection to " + host + ":" + port + ": " + last.getMessage(), last);
    }

    private synchronized void closeSession() {
        if (session != null) {
            session.close(true);
            session = null;
        }
    }

    @Override
    public synchronized void close() {
        closeSession();
        if (client != null) {
            client.stop();
            client = null;
        }
    }
}
