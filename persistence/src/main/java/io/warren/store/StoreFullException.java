package io.warren.store;

import java.io.IOException;

/**
 * The device holding the store is full (or over quota). broker-core raises its disk alarm on this
 * exception instead of treating it as an internal error. The failed append left the log unchanged.
 */
public final class StoreFullException extends StoreIoException {
    private static final long serialVersionUID = 1L;

    public StoreFullException(String message, IOException cause) {
        super(message, cause);
    }
}
