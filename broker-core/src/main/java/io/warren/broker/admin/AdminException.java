package io.warren.broker.admin;

/** A management operation failed for a reason the caller can act on; {@link #kind()} says which. */
public final class AdminException extends RuntimeException {
    /** What went wrong, in HTTP terms: management maps these to 404, 400 and 403. */
    public enum Kind { NOT_FOUND, BAD_REQUEST, ACCESS_REFUSED }

    private final Kind kind;

    public AdminException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static AdminException notFound(String fmt, Object... args) {
        return new AdminException(Kind.NOT_FOUND, String.format(fmt, args));
    }

    static AdminException badRequest(String fmt, Object... args) {
        return new AdminException(Kind.BAD_REQUEST, String.format(fmt, args));
    }
}
