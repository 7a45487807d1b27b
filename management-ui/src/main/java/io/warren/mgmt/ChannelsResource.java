package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.ChannelInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.warren.mgmt.Routes.Access.MANAGEMENT;

/** Channels: {@code /api/channels}, {@code /api/vhosts/{vhost}/channels} and {@code /api/channels/{name}}. */
final class ChannelsResource {
    private final BrokerAdmin admin;

    ChannelsResource(BrokerAdmin admin) {
        this.admin = admin;
    }

    void register(Routes r) {
        r.get("/api/channels", MANAGEMENT, c -> Response.json(ListQuery.apply(c, list(null))));
        r.get("/api/vhosts/{vhost}/channels", MANAGEMENT, c -> {
            if (!admin.vhostExists(c.param("vhost"))) {
                throw ApiError.notFound();
            }
            return Response.json(ListQuery.apply(c, list(c.param("vhost"))));
        });
        r.get("/api/channels/{name}", MANAGEMENT, c -> {
            for (Map<String, Object> ch : list(null)) {
                if (ch.get("name").equals(c.param("name"))) {
                    return Response.json(ch);
                }
            }
            throw ApiError.notFound();
        });
    }

    private List<Map<String, Object>> list(String vhost) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ChannelInfo ch : admin.channels()) {
            if (vhost == null || ch.vhost().equals(vhost)) {
                out.add(Formats.channel(ch, admin.nodeName()));
            }
        }
        out.sort((a, b) -> String.valueOf(a.get("name")).compareTo(String.valueOf(b.get("name"))));
        return out;
    }
}
