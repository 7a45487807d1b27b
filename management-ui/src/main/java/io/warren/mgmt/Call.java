package io.warren.mgmt;

import io.warren.broker.admin.UserInfo;

import java.util.Map;

/**
 * A request matched to a route: the path parameters (still percent-encoded), the authenticated user (null on
 * open routes) and the parsed body. What every resource method receives.
 */
record Call(Request request, Map<String, String> rawParams, UserInfo user) {
    /** RabbitMQ's HTTP API names the default exchange "amq.default" in paths. */
    private static final String DEFAULT_EXCHANGE_ALIAS = "amq.default";

    String param(String name) {
        return Request.decode(rawParams.get(name));
    }

    String rawParam(String name) {
        return rawParams.get(name);
    }

    String exchangeParam(String name) {
        String x = param(name);
        return DEFAULT_EXCHANGE_ALIAS.equals(x) ? "" : x;
    }

    String query(String name) {
        return request.queryParam(name);
    }

    boolean queryFlag(String name) {
        return "true".equals(query(name));
    }

    Map<String, Object> body() {
        return Json.readObject(request.body());
    }
}
