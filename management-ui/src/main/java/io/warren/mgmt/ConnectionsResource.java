package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.ChannelInfo;
import io.warren.broker.admin.ConnectionInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.warren.mgmt.Routes.Access.MANAGEMENT;

/**
 * Connections: {@code /api/connections}, {@code /api/vhosts/{vhost}/connections}, one connection (GET, and
 * DELETE to close it with CONNECTION_FORCED; the {@code X-Reason} header is the reason, as in RabbitMQ) and its
 * channels.
 */
final class ConnectionsResource {
    private final BrokerAdmin admin;

    ConnectionsResource(BrokerAdmin admin) {
        this.admin = admin;
    }

    void register(Routes r) {
        r.get("/api/connections", MANAGEMENT, c -> list(c, null));
        r.get("/api/vhosts/{vhost}/connections", MANAGEMENT, c -> {
            if (!admin.vhostExists(c.param("vhost"))) {
                throw ApiError.notFound();
            }
            return list(c, c.param("vhost"));
        });
        r.get("/api/connections/{name}", MANAGEMENT, c -> Response.json(Formats.connection(find(c.param("name")),
                admin.rates(), admin.nodeName())));
        r.delete("/api/connections/{name}", MANAGEMENT, c -> {
            String reason = c.request().headers().get("X-Reason");
            if (!admin.closeConnection(c.param("name"), reason == null ? "Closed via management plugin" : reason)) {
                throw ApiError.notFound();
            }
            return Response.noContent();
        });
        r.get("/api/connections/{name}/channels", MANAGEMENT, c -> {
            String name = find(c.param("name")).name();
            List<Map<String, Object>> out = new ArrayList<>();
            for (ChannelInfo ch : admin.channels()) {
                if (ch.connectionName().equals(name)) {
                    out.add(Formats.channel(ch, admin.nodeName()));
                }
            }
            return Response.json(ListQuery.apply(c, out));
        });
    }

    private ConnectionInfo find(String name) {
        for (ConnectionInfo ci : admin.connections()) {
            if (ci.name().equals(name)) {
                return ci;
            }
        }
        throw ApiError.notFound();
    }

    private Response list(Call c, String vhost) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ConnectionInfo ci : admin.connections()) {
            if (vhost == null || ci.vhost().equals(vhost)) {
                out.add(Formats.connection(ci, admin.rates(), admin.nodeName()));
            }
        }
        out.sort((a, b) -> String.valueOf(a.get("name")).compareTo(String.valueOf(b.get("name"))));
        return Response.json(ListQuery.apply(c, out));
    }
}
