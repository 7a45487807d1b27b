package io.warren.mgmt;

import io.warren.broker.admin.BindingInfo;
import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.ExchangeInfo;
import io.warren.broker.admin.MessageRates.Kind;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.warren.mgmt.Routes.Access.MANAGEMENT;

/**
 * Exchanges: listings, {@code GET/PUT/DELETE /api/exchanges/{vhost}/{name}}, publish
 * ({@code POST .../publish}, answering {@code {"routed": bool}}) and the exchange's bindings as source or
 * destination. The default exchange is "amq.default" in paths and "" in bodies, as in RabbitMQ. Listings and
 * GET carry {@code message_stats} ({@code publish_in}, {@code publish_out}) with history on request
 * ({@link HistoryQuery}); listings show the vhosts the user may see ({@link Visibility}).
 */
final class ExchangesResource {
    private final BrokerAdmin admin;
    private final Visibility visibility;

    ExchangesResource(BrokerAdmin admin) {
        this.admin = admin;
        this.visibility = new Visibility(admin);
    }

    void register(Routes r) {
        r.get("/api/exchanges", MANAGEMENT, c -> list(c, null));
        r.get("/api/exchanges/{vhost}", MANAGEMENT, c -> list(c, c.param("vhost")));
        String one = "/api/exchanges/{vhost}/{name}";
        r.get(one, MANAGEMENT, c -> {
            Map<String, Object> m = Formats.exchange(admin.exchange(c.param("vhost"), c.exchangeParam("name")),
                    admin.rates());
            Formats.history(m, Kind.EXCHANGE, admin.rates(), HistoryQuery.of(c, admin.rates().now(), false));
            return Response.json(m);
        });
        r.put(one, MANAGEMENT, this::declare);
        r.delete(one, MANAGEMENT, c -> {
            admin.deleteExchange(c.param("vhost"), c.exchangeParam("name"), c.queryFlag("if-unused"));
            return Response.noContent();
        });
        r.post(one + "/publish", MANAGEMENT, this::publish);
        r.get(one + "/bindings/source", MANAGEMENT, c -> bindings(c, true));
        r.get(one + "/bindings/destination", MANAGEMENT, c -> bindings(c, false));
    }

    private Response list(Call c, String vhost) {
        List<Map<String, Object>> out = new ArrayList<>();
        HistoryQuery history = HistoryQuery.of(c, admin.rates().now(), false);
        for (ExchangeInfo x : visibility.inLoginVhosts(c.user(), admin.exchanges(vhost), ExchangeInfo::vhost)) {
            out.add(Formats.exchange(x, admin.rates()));
        }
        out.sort(QueuesResource::byVhostThenName);
        return Response.json(ListQuery.apply(c, out, m -> Formats.history(m, Kind.EXCHANGE, admin.rates(), history)));
    }

    private Response declare(Call c) {
        Map<String, Object> body = c.body();
        boolean created = admin.declareExchange(c.param("vhost"), c.exchangeParam("name"),
                Json.requiredString(body, "type"), Json.bool(body, "durable", true),
                Json.bool(body, "auto_delete", false), Json.bool(body, "internal", false),
                Json.object(body, "arguments"));
        return Response.createdOrNot(created);
    }

    private Response publish(Call c) {
        String vhost = c.param("vhost");
        String exchange = c.exchangeParam("name");
        admin.exchange(vhost, exchange); // 404 before looking at the body, as RabbitMQ
        Map<String, Object> body = c.body();
        String routingKey = Json.requiredString(body, "routing_key");
        Map<String, Object> props = Json.object(body, "properties");
        String payload = Json.requiredString(body, "payload");
        String encoding = Json.requiredString(body, "payload_encoding");
        byte[] bytes = switch (encoding) {
            case "string" -> payload.getBytes(StandardCharsets.UTF_8);
            case "base64" -> {
                try {
                    yield Base64.getDecoder().decode(payload);
                } catch (IllegalArgumentException e) {
                    throw ApiError.badRequest("payload is not valid base64");
                }
            }
            default -> throw ApiError.badRequest("unsupported payload_encoding '" + encoding
                    + "' (expected: string or base64)");
        };
        return Response.json(Map.of("routed", admin.publish(vhost, exchange, routingKey, props, bytes)));
    }

    private Response bindings(Call c, boolean asSource) {
        String vhost = c.param("vhost");
        String name = c.exchangeParam("name");
        admin.exchange(vhost, name);
        List<Map<String, Object>> out = new ArrayList<>();
        for (BindingInfo b : admin.bindings(vhost)) {
            boolean match = asSource ? b.source().equals(name)
                    : b.destinationType().equals("exchange") && b.destination().equals(name);
            if (match) {
                out.add(Formats.binding(b));
            }
        }
        return Response.json(ListQuery.apply(c, out));
    }
}
