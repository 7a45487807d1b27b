package io.warren.mgmt;

import io.warren.broker.admin.AdminException;

import java.util.List;
import java.util.Map;

/**
 * An HTTP error with RabbitMQ's body, {@code {"error": ..., "reason": ...}}. Thrown by resources; the router
 * turns it (and {@link AdminException}) into the response.
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final String error;
    private final Map<String, String> headers;
    /** A reason that is not text: an Erlang term as RabbitMQ renders it, a JSON list. */
    private final List<String> reasonTerm;

    ApiError(int status, String error, String reason) {
        this(status, error, reason, Map.of());
    }

    ApiError(int status, String error, String reason, Map<String, String> headers) {
        this(status, error, reason, headers, null);
    }

    private ApiError(int status, String error, String reason, Map<String, String> headers, List<String> reasonTerm) {
        super(reason, null, false, false);
        this.status = status;
        this.error = error;
        this.headers = headers;
        this.reasonTerm = reasonTerm;
    }

    static ApiError badRequest(String reason) {
        return new ApiError(400, "bad_request", reason);
    }

    /** A 400 whose reason is an Erlang tuple, such as {@code ["no_such_user","bob"]}. */
    static ApiError badRequest(List<String> reasonTerm) {
        return new ApiError(400, "bad_request", String.join(" ", reasonTerm), Map.of(), List.copyOf(reasonTerm));
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
        Object reason = reasonTerm != null ? reasonTerm : getMessage() == null ? "" : getMessage();
        return Response.json(status, Map.of("error", error, "reason", reason))
                .withHeaders(headers);
    }
}
