package io.kiipush.gateway.internal.failure;

import io.kiipush.gateway.ErrorKind;

/** A classified failure: its kind and the operator message, which names the field to fix and never a secret. */
public final class Classification {

    private final ErrorKind kind;
    private final String message;

    Classification(ErrorKind kind, String message) {
        this.kind = kind;
        this.message = message;
    }

    public ErrorKind kind() {
        return kind;
    }

    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return "[" + kind + "] " + message;
    }
}
