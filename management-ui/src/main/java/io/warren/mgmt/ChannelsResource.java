package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.ChannelInfo;
import io.warren.broker.admin.MessageRates.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.warren.mgmt.Routes.Access.MANAGEMENT;

/**
 * Channels: {@code /api/channels}, {@code /api/vhosts/{vhost}/channels} and {@code /api/channels/{name}}, with
 * {@code message_stats} (publish, confirm, deliver_get, deliver, get, redeliver, ack) and history on request
 * ({@link HistoryQuery}). Users without {@code monitoring} see their own channels only ({@link Visibility}).
 */
final class ChannelsResource {
    private final BrokerAdmin admin;
    private final Visibility visibility;

    ChannelsResource(BrokerAdmin admin) {
        this.admin = admin;
        this.visibility = new Visibility(admin);
    }

    void register(Routes r) {
        r.get("/api/channels", MANAGEMENT, c -> list(c, null));
        r.get("/api/vhosts/{vhost}/channels", MANAGEMENT, c -> {
            if (!admin.vhostExists(c.param("vhost"))) {
                throw ApiError.notFound();
            }
            return list(c, c.param("vhost"));
        });
        r.get("/api/channels/{name}", MANAGEMENT, c -> {
            for (ChannelInfo ch : admin.channels()) {
                if (ch.name().equals(c.param("name"))) {
                    Visibility.requireOwner(c.user(), ch.user(), false);
                    Map<String, Object> m = Formats.channel(ch, admin.rates(), admin.nodeName());
                    Formats.history(m, Kind.CHANNEL, admin.rates(), HistoryQuery.of(c, admin.rates().now(), false));
                    return Response.json(m);
                }
            }
            throw ApiError.notFound();
        });
    }

    private Response list(Call c, String vhost) {
        HistoryQuery history = HistoryQuery.of(c, admin.rates().now(), false);
        List<Map<String, Object>> out = new ArrayList<>();
        for (ChannelInfo ch : visibility.ownUnlessMonitor(c.user(), admin.channels(), ChannelInfo::user)) {
            if (vhost == null || ch.vhost().equals(vhost)) {
                out.add(Formats.channel(ch, admin.rates(), admin.nodeName()));
            }
        }
        out.sort((a, b) -> String.valueOf(a.get("name")).compareTo(String.valueOf(b.get("name"))));
        return Response.json(ListQuery.apply(c, out, m -> Formats.history(m, Kind.CHANNEL, admin.rates(), history)));
    }
}
