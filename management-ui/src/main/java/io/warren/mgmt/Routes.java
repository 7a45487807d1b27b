package io.warren.mgmt;

import io.warren.broker.admin.AdminException;
import io.warren.broker.admin.UserInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The single route table, in the style of RabbitMQ's {@code rabbit_mgmt_dispatcher}: method + path template
 * ({@code /api/queues/{vhost}/{name}}, each {@code {param}} one segment) → handler, with the access level the
 * route needs. Dispatch finds the route, authenticates, checks that the user may see the {@code {vhost}} the path
 * names (RabbitMQ's {@code is_authorized_vhost}), calls the handler and maps failures: unknown path 404,
 * known path with another method 405 (with {@code Allow}), {@link ApiError} and {@link AdminException} to their
 * status, anything else 500. Build it once, then read it from any thread.
 */
final class Routes {
    private static final Logger log = LoggerFactory.getLogger(Routes.class);

    /** Who may call a route: {@code POLICYMAKER} takes the {@code policymaker} or {@code administrator} tag. */
    enum Access { OPEN, MANAGEMENT, POLICYMAKER, ADMINISTRATOR }

    @FunctionalInterface
    interface Handler {
        Response handle(Call call) throws Exception;
    }

    private record Route(String method, List<String> template, Access access, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final BasicAuth auth;
    private Handler fallback;

    Routes(BasicAuth auth) {
        this.auth = auth;
    }

    Routes get(String template, Access access, Handler h) {
        return add("GET", template, access, h);
    }

    Routes put(String template, Access access, Handler h) {
        return add("PUT", template, access, h);
    }

    Routes post(String template, Access access, Handler h) {
        return add("POST", template, access, h);
    }

    Routes delete(String template, Access access, Handler h) {
        return add("DELETE", template, access, h);
    }

    Routes add(String method, String template, Access access, Handler h) {
        routes.add(new Route(method, Request.split(template), access, h));
        return this;
    }

    /** Serves GET requests no route matches (the static UI). */
    Routes fallback(Handler h) {
        this.fallback = h;
        return this;
    }

    Response dispatch(Request req) {
        try {
            return route(req);
        } catch (ApiError e) {
            return e.toResponse();
        } catch (AdminException e) {
            return ApiError.from(e).toResponse();
        } catch (Exception e) {
            log.error("management request {} {} failed", req.method(), req.path(), e);
            return new ApiError(500, "internal_server_error", String.valueOf(e.getMessage())).toResponse();
        }
    }

    private Response route(Request req) throws Exception {
        String method = "HEAD".equals(req.method()) ? "GET" : req.method();
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            Map<String, String> params = match(r.template, req.rawSegments());
            if (params == null) {
                continue;
            }
            if (!r.method.equals(method)) {
                allowed.add(r.method);
                continue;
            }
            UserInfo user = r.access == Access.OPEN ? null : auth.authenticate(req, r.access);
            if (user != null && params.containsKey("vhost")) {
                auth.requireVhost(user, Request.decode(params.get("vhost")), r.access);
            }
            return r.handler.handle(new Call(req, params, user));
        }
        if (!allowed.isEmpty()) {
            if ("OPTIONS".equals(method)) {
                return Response.noContent().withHeaders(Map.of("Allow", String.join(", ", allowed)));
            }
            throw new ApiError(405, "method_not_allowed", "Method Not Allowed",
                    Map.of("Allow", String.join(", ", allowed)));
        }
        if (fallback != null && "GET".equals(method)
                && (req.rawSegments().isEmpty() || !"api".equals(req.rawSegments().get(0)))) {
            return fallback.handle(new Call(req, Map.of(), null));
        }
        throw ApiError.notFound();
    }

    private static Map<String, String> match(List<String> template, List<String> segments) {
        if (template.size() != segments.size()) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                if (params == null) {
                    params = new HashMap<>();
                }
                params.put(t.substring(1, t.length() - 1), segments.get(i));
            } else if (!t.equals(segments.get(i))) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }
}
