package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.ChannelInfo;
import io.warren.broker.admin.ConnectionInfo;
import io.warren.broker.admin.MessageRates.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.warren.mgmt.Routes.Access.MANAGEMENT;

/**
 * Connections: {@code /api/connections}, {@code /api/vhosts/{vhost}/connections}, one connection (GET, and
 * DELETE to close it with CONNECTION_FORCED; the {@code X-Reason} header is the reason, as in RabbitMQ) and its
 * channels. As in RabbitMQ, users without {@code monitoring} see their own connections only and may close only
 * those, unless administrator ({@link Visibility}). History on request ({@link HistoryQuery}).
 */
final class ConnectionsResource {
    private final BrokerAdmin admin;
    private final Visibility visibility;

    ConnectionsResource(BrokerAdmin admin) {
        this.admin = admin;
        this.visibility = new Visibility(admin);
    }

    void register(Routes r) {
        r.get("/api/connections", MANAGEMENT, c -> list(c, null));
        r.get("/api/vhosts/{vhost}/connections", MANAGEMENT, c -> {
            if (!admin.vhostExists(c.param("vhost"))) {
                throw ApiError.notFound();
            }
            return list(c, c.param("vhost"));
        });
        r.get("/api/connections/{name}", MANAGEMENT, c -> {
            ConnectionInfo ci = find(c.param("name"));
            Visibility.requireOwner(c.user(), ci.user(), false);
            Map<String, Object> m = Formats.connection(ci, admin.rates(), admin.nodeName());
            Formats.history(m, Kind.CONNECTION, admin.rates(), HistoryQuery.of(c, admin.rates().now(), false));
            return Response.json(m);
        });
        r.delete("/api/connections/{name}", MANAGEMENT, c -> {
            ConnectionInfo ci = find(c.param("name"));
            Visibility.requireOwner(c.user(), ci.user(), true);
            String reason = c.request().headers().get("X-Reason");
            if (!admin.closeConnection(ci.name(), reason == null ? "Closed via management plugin" : reason)) {
                throw ApiError.notFound();
            }
            return Response.noContent();
        });
        r.get("/api/connections/{name}/channels", MANAGEMENT, c -> {
            ConnectionInfo ci = find(c.param("name"));
            Visibility.requireOwner(c.user(), ci.user(), false);
            HistoryQuery history = HistoryQuery.of(c, admin.rates().now(), false);
            List<Map<String, Object>> out = new ArrayList<>();
            for (ChannelInfo ch : admin.channels()) {
                if (ch.connectionName().equals(ci.name())) {
                    out.add(Formats.channel(ch, admin.rates(), admin.nodeName()));
                }
            }
            return Response.json(ListQuery.apply(c, out, m -> Formats.history(m, Kind.CHANNEL, admin.rates(),
                    history)));
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
        HistoryQuery history = HistoryQuery.of(c, admin.rates().now(), false);
        List<Map<String, Object>> out = new ArrayList<>();
        for (ConnectionInfo ci : visibility.ownUnlessMonitor(c.user(), admin.connections(), ConnectionInfo::user)) {
            if (vhost == null || ci.vhost().equals(vhost)) {
                out.add(Formats.connection(ci, admin.rates(), admin.nodeName()));
            }
        }
        out.sort((a, b) -> String.valueOf(a.get("name")).compareTo(String.valueOf(b.get("name"))));
        return Response.json(ListQuery.apply(c, out, m -> Formats.history(m, Kind.CONNECTION, admin.rates(),
                history)));
    }
}
