package io.warren.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * An I/O failure of the store, unchecked so that queue code can let it travel to one handler
 * (broker-core maps it to an internal error or a disk alarm).
 * <p>Use {@link #wrap(String, IOException)} to build one: it returns a {@link StoreFullException} when the
 * cause says the device is full.
 */
public class StoreIoException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    public StoreIoException(String message, IOException cause) {
        super(message, cause);
    }

    /** A failure that has no underlying {@link IOException} (corrupt data, a locked directory, ...). */
    public StoreIoException(String message) {
        this(message, new IOException(message));
    }

    /**
     * Wraps {@code cause}, choosing {@link StoreFullException} when the operating system reported that the
     * device is full (ENOSPC, "No space left on device", or a disk quota).
     */
    public static StoreIoException wrap(String context, IOException cause) {
        if (isDiskFull(cause)) {
            return new StoreFullException(context + ": " + cause.getMessage(), cause);
        }
        return new StoreIoException(context + ": " + cause, cause);
    }

    /** True when {@code e} (or one of its causes) is the JDK's rendering of ENOSPC or EDQUOT. */
    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null) {
                String lower = m.toLowerCase(Locale.ROOT);
                if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")
                        || lower.contains("not enough space on the disk")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
