package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.ConsumerInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.warren.mgmt.Routes.Access.MANAGEMENT;

/**
 * Consumers: {@code /api/consumers} and {@code /api/consumers/{vhost}}. Users without {@code monitoring} see
 * the consumers of their own channels only ({@link Visibility}), in any vhost that exists, as RabbitMQ does.
 */
final class ConsumersResource {
    private final BrokerAdmin admin;
    private final Visibility visibility;

    ConsumersResource(BrokerAdmin admin) {
        this.admin = admin;
        this.visibility = new Visibility(admin);
    }

    void register(Routes r) {
        r.get("/api/consumers", MANAGEMENT, c -> list(c, null));
        // Not "{vhost}": Routes would answer 401 for a vhost the user has no permission in, where RabbitMQ lists
        // the user's own consumers there (none), 200 [].
        r.get("/api/consumers/{consumersVhost}", MANAGEMENT, c -> {
            if (!admin.vhostExists(c.param("consumersVhost"))) {
                throw ApiError.notFound();
            }
            return list(c, c.param("consumersVhost"));
        });
    }

    private Response list(Call c, String vhost) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ConsumerInfo k : visibility.ownUnlessMonitor(c.user(), admin.consumers(), ConsumerInfo::user)) {
            if (vhost == null || k.vhost().equals(vhost)) {
                out.add(Formats.consumer(k, admin.nodeName()));
            }
        }
        return Response.json(ListQuery.apply(c, out));
    }
}
