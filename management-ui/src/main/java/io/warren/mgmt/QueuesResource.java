package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.MessageRates;
import io.warren.broker.admin.MessageRates.Kind;
import io.warren.broker.admin.QueueInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.warren.mgmt.Routes.Access.MANAGEMENT;

/**
 * {@code GET /api/queues} and {@code GET /api/queues/{vhost}}: queue listings with paging, sorting, filtering,
 * history on request ({@link HistoryQuery}), limited to the vhosts the user may see ({@link Visibility}).
 */
final class QueuesResource {
    private final BrokerAdmin admin;
    private final Visibility visibility;

    QueuesResource(BrokerAdmin admin) {
        this.admin = admin;
        this.visibility = new Visibility(admin);
    }

    void register(Routes r) {
        r.get("/api/queues", MANAGEMENT, c -> list(c, null));
        r.get("/api/queues/{vhost}", MANAGEMENT, c -> list(c, c.param("vhost")));
    }

    private Response list(Call c, String vhost) {
        List<QueueInfo> queues = visibility.inLoginVhosts(c.user(), admin.queues(vhost), QueueInfo::vhost);
        MessageRates rates = admin.rates();
        HistoryQuery history = HistoryQuery.of(c, rates.now(), true);
        String node = admin.nodeName();
        List<Map<String, Object>> out = new ArrayList<>(queues.size());
        for (QueueInfo q : queues) {
            out.add(Formats.queue(q, rates, node));
        }
        out.sort(QueuesResource::byVhostThenName);
        return Response.json(ListQuery.apply(c, out, m -> Formats.history(m, Kind.QUEUE, rates, history)));
    }

    /** RabbitMQ's default order for queues and exchanges: by vhost, then name. */
    static int byVhostThenName(Map<String, Object> a, Map<String, Object> b) {
        int v = String.valueOf(a.get("vhost")).compareTo(String.valueOf(b.get("vhost")));
        return v != 0 ? v : String.valueOf(a.get("name")).compareTo(String.valueOf(b.get("name")));
    }
}
