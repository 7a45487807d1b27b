package io.warren.mgmt;

import io.warren.broker.admin.AdminException;

import java.util.Map;

/**
 * An HTTP error with RabbitMQ's body, {@code {"error": ..., "reason": ...}}. Thrown by resources; the router
 * turns it (and {@link AdminException}) into the response.
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final String error;
    private final Map<String, String> headers;

    ApiError(int status, String error, String reason) {
        this(status, error, reason, Map.of());
    }

    ApiError(int status, String error, String reason, Map<String, String> headers) {
        super(reason, null, false, false);
        this.status = status;
        this.error = error;
        this.headers = headers;
    }

    static ApiError badRequest(String reason) {
        return new ApiError(400, "bad_request", reason);
    }

    /** RabbitMQ's 404 body. */
    static ApiError notFound() {
        return new ApiError(404, "Object Not Found", "Not Found");
    }

    /** A 404 with RabbitMQ's {@code not_found} error and a reason, as its limits endpoints answer. */
    static ApiError notFound(String reason) {
        return new ApiError(404, "not_found", reason);
    }

    /**
     * RabbitMQ's 401 for a user who logged in but may not do this ({@code not_authorised}, British spelling, as
     * opposed to {@code not_authorized} for failed credentials): no challenge, the credentials were fine.
     */
    static ApiError notAuthorised(String reason) {
        return new ApiError(401, "not_authorised", reason);
    }

    static ApiError unauthorized(String reason, boolean challenge) {
        return new ApiError(401, "not_authorized", reason,
                challenge ? Map.of("WWW-Authenticate", "Basic realm=\"RabbitMQ Management\"") : Map.of());
    }

    static ApiError from(AdminException e) {
        return switch (e.kind()) {
            case NOT_FOUND -> notFound();
            case ACCESS_REFUSED -> new ApiError(403, "access_refused", e.getMessage());
            case BAD_REQUEST -> badRequest(e.getMessage());
        };
    }

    int status() {
        return status;
    }

    Response toResponse() {
        return Response.json(status, Map.of("error", error, "reason", getMessage() == null ? "" : getMessage()))
                .withHeaders(headers);
    }
}
