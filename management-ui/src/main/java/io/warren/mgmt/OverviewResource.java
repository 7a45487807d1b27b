package io.warren.mgmt;

import io.warren.broker.ClusterName;
import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.MessageRates;
import io.warren.broker.admin.MessageRates.Series;
import io.warren.broker.admin.ConnectionInfo;
import io.warren.broker.admin.ExchangeInfo;
import io.warren.broker.admin.NodeInfo;
import io.warren.broker.admin.QueueInfo;
import io.warren.broker.admin.SampleRange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.warren.mgmt.Routes.Access.ADMINISTRATOR;
import static io.warren.mgmt.Routes.Access.MANAGEMENT;

/**
 * {@code /api/overview}, {@code /api/nodes}, {@code /api/cluster-name}, {@code /api/whoami}: what the whole
 * broker looks like. {@code msg_rates_age}/{@code msg_rates_incr} add RabbitMQ's {@code samples} to the message
 * rates, {@code lengths_age}/{@code lengths_incr} to the queue totals ({@link HistoryQuery}), for charts. For a
 * user without {@code monitoring}, queue and object totals cover what that user may see ({@link Visibility});
 * message rates stay broker-wide (Warren keeps no per-vhost message counters).
 */
final class OverviewResource {
    /** The RabbitMQ management API version whose shapes Warren serves. */
    static final String MANAGEMENT_VERSION = "3.13.0";
    private static final List<Map<String, Object>> EXCHANGE_TYPES = List.of(
            exchangeType("direct", "AMQP direct exchange, as per the AMQP specification"),
            exchangeType("fanout", "AMQP fanout exchange, as per the AMQP specification"),
            exchangeType("headers", "AMQP headers exchange, as per the AMQP specification"),
            exchangeType("topic", "AMQP topic exchange, as per the AMQP specification"));

    private final BrokerAdmin admin;
    private final Listeners listeners;
    private final Visibility visibility;

    OverviewResource(BrokerAdmin admin, Listeners listeners) {
        this.admin = admin;
        this.listeners = listeners;
        this.visibility = new Visibility(admin);
    }

    void register(Routes r) {
        r.get("/api/overview", MANAGEMENT, this::overview);
        r.get("/api/nodes", MANAGEMENT, c -> Response.json(List.of(node())));
        r.get("/api/nodes/{node}", MANAGEMENT, c -> {
            if (!admin.nodeName().equals(c.param("node"))) {
                throw ApiError.notFound();
            }
            return Response.json(node());
        });
        r.get("/api/cluster-name", MANAGEMENT, c -> Response.json(Map.of("name", admin.clusterName())));
        r.put("/api/cluster-name", ADMINISTRATOR, c -> {
            Map<String, Object> body = c.body();
            if (!body.containsKey("name")) {
                throw ApiError.badRequest("[{key_missing,name}]");
            }
            if (!(body.get("name") instanceof String name)) {
                throw ApiError.badRequest("name must be a string, not " + Json.text(body.get("name")));
            }
            admin.putGlobalParameter(ClusterName.PARAMETER, ClusterName.toJson(name));
            return Response.noContent();
        });
        r.get("/api/whoami", MANAGEMENT, c -> Response.json(Map.of("name", c.user().name(), "tags",
                c.user().tags())));
        r.get("/api/extensions", MANAGEMENT, c -> Response.json(List.of()));
    }

    private Response overview(Call c) {
        MessageRates rates = admin.rates();
        HistoryQuery h = HistoryQuery.of(c, rates.now(), false);
        SampleRange msg = h.msgRates();
        List<QueueInfo> queues = visibility.inLoginVhosts(c.user(), admin.queues(null), QueueInfo::vhost);
        long ready = 0;
        long unacked = 0;
        int consumers = 0;
        for (QueueInfo q : queues) {
            ready += q.messagesReady();
            unacked += q.messagesUnacknowledged();
            consumers += q.consumers();
        }
        List<ConnectionInfo> connections = visibility.ownUnlessMonitor(c.user(), admin.connections(),
                ConnectionInfo::user);
        int channels = connections.stream().mapToInt(ConnectionInfo::channels).sum();
        var k = admin.counters();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("management_version", MANAGEMENT_VERSION);
        m.put("rates_mode", "basic");
        m.put("exchange_types", EXCHANGE_TYPES);
        m.put("product_version", admin.productVersion());
        m.put("product_name", admin.productName());
        m.put("rabbitmq_version", admin.productVersion());
        m.put("cluster_name", admin.clusterName());
        m.put("node", admin.nodeName());
        Map<String, Object> stats = new LinkedHashMap<>();
        series(stats, "publish", k.received.sum(), Series.PUBLISH, rates, msg);
        series(stats, "confirm", k.confirmed.sum(), Series.CONFIRM, rates, msg);
        series(stats, "return_unroutable", k.unroutableReturned.sum(), Series.RETURN_UNROUTABLE, rates, msg);
        series(stats, "drop_unroutable", k.unroutableDropped.sum(), Series.DROP_UNROUTABLE, rates, msg);
        series(stats, "deliver_get", k.delivered.sum() + k.deliveredGet.sum(), Series.DELIVER_GET, rates, msg);
        series(stats, "deliver", k.delivered.sum(), Series.DELIVER, rates, msg);
        series(stats, "get", k.deliveredGet.sum(), Series.GET, rates, msg);
        series(stats, "get_empty", k.getEmpty.sum(), Series.GET_EMPTY, rates, msg);
        series(stats, "redeliver", k.redelivered.sum(), Series.REDELIVER, rates, msg);
        series(stats, "ack", k.acknowledged.sum(), Series.ACK, rates, msg);
        m.put("message_stats", stats);
        Map<String, Object> totals = new LinkedHashMap<>();
        SampleRange lengths = h.lengths();
        series(totals, "messages", ready + unacked, Series.MESSAGES, rates, lengths);
        series(totals, "messages_ready", ready, Series.MESSAGES_READY, rates, lengths);
        series(totals, "messages_unacknowledged", unacked, Series.MESSAGES_UNACKNOWLEDGED, rates, lengths);
        m.put("queue_totals", totals);
        Map<String, Object> objects = new LinkedHashMap<>();
        objects.put("channels", channels);
        objects.put("connections", connections.size());
        objects.put("consumers", consumers);
        objects.put("exchanges", visibility.inLoginVhosts(c.user(), admin.exchanges(null), ExchangeInfo::vhost)
                .size());
        objects.put("queues", queues.size());
        m.put("object_totals", objects);
        m.put("statistics_db_event_queue", 0);
        m.put("listeners", listeners.all());
        m.put("contexts", List.of(Map.of("node", admin.nodeName(), "description", "RabbitMQ Management",
                "path", "/", "port", String.valueOf(listeners.httpPort()))));
        return Response.json(m);
    }

    private static void series(Map<String, Object> out, String name, long value, Series s, MessageRates rates,
                               SampleRange range) {
        out.put(name, value);
        out.put(name + "_details", range == null ? Formats.rate(rates.rate(s))
                : HistoryQuery.details(rates.rate(s), rates.samples(s, range)));
    }

    private Map<String, Object> node() {
        NodeInfo n = admin.node();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", n.name());
        m.put("type", "disc");
        m.put("running", true);
        m.put("being_drained", false);
        m.put("mem_used", n.memUsed());
        m.put("mem_limit", n.memLimit());
        m.put("mem_alarm", n.memAlarm());
        m.put("disk_free_alarm", false);
        m.put("fd_used", n.fdUsed());
        m.put("fd_total", n.fdTotal());
        m.put("sockets_used", admin.connections().size());
        m.put("processors", n.processors());
        m.put("uptime", n.uptimeMillis());
        m.put("rates_mode", "basic");
        m.put("os_pid", String.valueOf(ProcessHandle.current().pid()));
        return m;
    }

    private static Map<String, Object> exchangeType(String name, String description) {
        return Map.of("name", name, "description", description, "enabled", true);
    }
}
