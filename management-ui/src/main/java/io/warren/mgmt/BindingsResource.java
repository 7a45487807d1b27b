package io.warren.mgmt;

import io.warren.broker.admin.BindingInfo;
import io.warren.broker.admin.BrokerAdmin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.warren.mgmt.Routes.Access.MANAGEMENT;

/**
 * Bindings: {@code /api/bindings[/{vhost}]}, and between two ends {@code /api/bindings/{vhost}/e/{src}/q/{dst}}
 * (or {@code .../e/{dst}} for exchange-to-exchange): GET lists, POST creates (201 with a {@code Location}
 * relative to the request, ending in the properties key), and {@code .../{props}} reads or deletes one. The
 * full listing shows the vhosts the user may see ({@link Visibility}).
 */
final class BindingsResource {
    private final BrokerAdmin admin;
    private final Visibility visibility;

    BindingsResource(BrokerAdmin admin) {
        this.admin = admin;
        this.visibility = new Visibility(admin);
    }

    void register(Routes r) {
        r.get("/api/bindings", MANAGEMENT, c -> list(c, visibility.inLoginVhosts(c.user(), admin.bindings(null),
                BindingInfo::vhost)));
        r.get("/api/bindings/{vhost}", MANAGEMENT, c -> list(c, admin.bindings(c.param("vhost"))));
        for (String kind : List.of("q", "e")) {
            String type = kind.equals("q") ? "queue" : "exchange";
            String pair = "/api/bindings/{vhost}/e/{source}/" + kind + "/{destination}";
            r.get(pair, MANAGEMENT, c -> list(c, between(c, type)));
            r.post(pair, MANAGEMENT, c -> create(c, type));
            r.get(pair + "/{props}", MANAGEMENT, c -> Response.json(Formats.binding(one(c, type))));
            r.delete(pair + "/{props}", MANAGEMENT, c -> {
                if (!admin.unbind(c.param("vhost"), c.exchangeParam("source"), type, destination(c, type),
                        c.rawParam("props"))) {
                    throw ApiError.notFound();
                }
                return Response.noContent();
            });
        }
    }

    private static String destination(Call c, String type) {
        return type.equals("exchange") ? c.exchangeParam("destination") : c.param("destination");
    }

    private Response list(Call c, List<BindingInfo> bindings) {
        List<Map<String, Object>> out = new ArrayList<>(bindings.size());
        for (BindingInfo b : bindings) {
            out.add(Formats.binding(b));
        }
        return Response.json(ListQuery.apply(c, out));
    }

    private List<BindingInfo> between(Call c, String type) {
        String vhost = c.param("vhost");
        String source = c.exchangeParam("source");
        String dest = destination(c, type);
        admin.exchange(vhost, source);
        if (type.equals("queue")) {
            admin.queue(vhost, dest);
        } else {
            admin.exchange(vhost, dest);
        }
        List<BindingInfo> out = new ArrayList<>();
        for (BindingInfo b : admin.bindings(vhost)) {
            if (b.source().equals(source) && b.destinationType().equals(type) && b.destination().equals(dest)) {
                out.add(b);
            }
        }
        return out;
    }

    private BindingInfo one(Call c, String type) {
        for (BindingInfo b : between(c, type)) {
            if (Request.decode(b.propertiesKey()).equals(Request.decode(c.rawParam("props")))) {
                return b;
            }
        }
        throw ApiError.notFound();
    }

    private Response create(Call c, String type) {
        Map<String, Object> body = c.body();
        BindingInfo b = admin.bind(c.param("vhost"), c.exchangeParam("source"), type, destination(c, type),
                Json.string(body, "routing_key", ""), Json.object(body, "arguments"));
        String location = c.rawParam("destination") + "/" + b.propertiesKey();
        return new Response(201, null, new byte[0], Map.of("Location", location));
    }
}
