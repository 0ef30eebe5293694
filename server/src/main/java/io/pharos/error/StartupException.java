package io.pharos.error;

/** A problem that keeps Pharos from starting; its message is the one line the user sees. */
public class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
