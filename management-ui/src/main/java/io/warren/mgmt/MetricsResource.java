package io.warren.mgmt;

import io.warren.broker.MessageCounters;
import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.ConnectionInfo;
import io.warren.broker.admin.NodeInfo;
import io.warren.broker.admin.QueueInfo;

import java.util.List;

import static io.warren.mgmt.Routes.Access.OPEN;

/**
 * The Prometheus endpoint, with the metric names of RabbitMQ's {@code rabbitmq_prometheus} plugin so that its
 * dashboards and alerts work: {@code GET /metrics} aggregates queue metrics over all queues (the plugin's
 * default), {@code GET /metrics/per-object} gives one sample per queue with {@code vhost} and {@code queue}
 * labels. Global counters carry the plugin's {@code protocol} (and {@code queue_type}) labels. Unauthenticated,
 * as the plugin is. JVM heap is {@code warren_jvm_heap_bytes}, a Warren name.
 */
final class MetricsResource {
    private static final String AMQP091 = "amqp091";
    private static final String CLASSIC = "rabbit_classic_queue";

    private final BrokerAdmin admin;

    MetricsResource(BrokerAdmin admin) {
        this.admin = admin;
    }

    void register(Routes r) {
        r.get("/metrics", OPEN, c -> Response.text(200, PrometheusText.CONTENT_TYPE, render(false)));
        r.get("/metrics/per-object", OPEN, c -> Response.text(200, PrometheusText.CONTENT_TYPE, render(true)));
    }

    String render(boolean perObject) {
        PrometheusText t = new PrometheusText();
        NodeInfo node = admin.node();
        List<QueueInfo> queues = admin.queues(null);
        List<ConnectionInfo> connections = admin.connections();
        t.family("rabbitmq_identity_info", "untyped", "RabbitMQ node & cluster identity info")
                .sample(1, "rabbitmq_node", node.name(), "rabbitmq_cluster", admin.clusterName(),
                        "rabbitmq_cluster_permanent_id", "warren-" + node.name());
        t.family("rabbitmq_build_info", "untyped", "RabbitMQ & Erlang/OTP version info")
                .sample(1, "rabbitmq_version", admin.productVersion(), "prometheus_plugin_version",
                        admin.productVersion(), "prometheus_client_version", "warren", "erlang_version", "none");
        t.family("rabbitmq_connections", "gauge", "Connections currently open").sample(connections.size());
        t.family("rabbitmq_channels", "gauge", "Channels currently open")
                .sample(connections.stream().mapToInt(ConnectionInfo::channels).sum());
        t.family("rabbitmq_queues", "gauge", "Queues available").sample(queues.size());
        t.family("rabbitmq_consumers", "gauge", "Consumers currently connected")
                .sample(queues.stream().mapToInt(QueueInfo::consumers).sum());
        queueFamily(t, queues, perObject, "rabbitmq_queue_messages_ready",
                "Messages ready to be delivered to consumers", QueueMetric.READY);
        queueFamily(t, queues, perObject, "rabbitmq_queue_messages_unacked",
                "Messages delivered to consumers but not yet acknowledged", QueueMetric.UNACKED);
        queueFamily(t, queues, perObject, "rabbitmq_queue_messages",
                "Sum of ready and unacknowledged messages - total queue depth", QueueMetric.MESSAGES);
        queueFamily(t, queues, perObject, "rabbitmq_queue_consumers", "Consumers on a queue",
                QueueMetric.CONSUMERS);
        globals(t, admin.counters());
        t.family("rabbitmq_process_resident_memory_bytes", "gauge", "Memory used in bytes")
                .sample(node.residentMemory());
        t.family("rabbitmq_process_open_fds", "gauge", "Open file descriptors").sample(node.fdUsed());
        t.family("rabbitmq_process_max_fds", "gauge", "Open file descriptors limit").sample(node.fdTotal());
        t.family("rabbitmq_resident_memory_limit_bytes", "gauge",
                "Memory high watermark in bytes").sample(node.memLimit());
        t.family("rabbitmq_alarms_memory_used_watermark", "gauge",
                "is 1 if VM memory watermark alarm is in effect").sample(node.memAlarm() ? 1 : 0);
        t.family("warren_jvm_heap_bytes", "gauge", "JVM heap in bytes, used and maximum")
                .sample(node.heapUsed(), "area", "used").sample(node.heapMax(), "area", "max");
        BrokerAdmin.SyncInfo sync = admin.sync();
        t.family("warren_store_fsyncs_total", "counter", "Message store fsyncs (group commit rounds per store)")
                .sample(sync.fsyncs());
        t.family("warren_store_fsync_waiters_total", "counter",
                "Publisher confirms and commits released by message store fsyncs").sample(sync.released());
        return t.toString();
    }

    private enum QueueMetric { READY, UNACKED, MESSAGES, CONSUMERS }

    private static void queueFamily(PrometheusText t, List<QueueInfo> queues, boolean perObject, String name,
                                    String help, QueueMetric metric) {
        t.family(name, "gauge", help);
        if (!perObject) {
            t.sample(queues.stream().mapToDouble(q -> value(q, metric)).sum());
            return;
        }
        for (QueueInfo q : queues) {
            t.sample(value(q, metric), "vhost", q.vhost(), "queue", q.name());
        }
    }

    private static double value(QueueInfo q, QueueMetric m) {
        return switch (m) {
            case READY -> q.messagesReady();
            case UNACKED -> q.messagesUnacknowledged();
            case MESSAGES -> q.messages();
            case CONSUMERS -> q.consumers();
        };
    }

    private static void globals(PrometheusText t, MessageCounters k) {
        counter(t, "rabbitmq_global_messages_received_total", "Total number of messages received from publishers",
                k.received.sum());
        counter(t, "rabbitmq_global_messages_routed_total", "Total number of messages routed to queues or streams",
                k.routed.sum());
        counter(t, "rabbitmq_global_messages_unroutable_dropped_total", "Total number of messages published as "
                + "non-mandatory into an exchange and dropped as unroutable", k.unroutableDropped.sum());
        counter(t, "rabbitmq_global_messages_unroutable_returned_total", "Total number of messages published as "
                + "mandatory into an exchange and returned to the publisher as unroutable", k.unroutableReturned.sum());
        counter(t, "rabbitmq_global_messages_confirmed_total", "Total number of messages confirmed to publishers",
                k.confirmed.sum());
        queueCounter(t, "rabbitmq_global_messages_delivered_total", "Total number of messages delivered to "
                + "consumers", k.delivered.sum() + k.deliveredGet.sum());
        queueCounter(t, "rabbitmq_global_messages_get_empty_total", "Total number of times basic.get operations "
                + "fetched no message", k.getEmpty.sum());
        queueCounter(t, "rabbitmq_global_messages_redelivered_total", "Total number of messages redelivered to "
                + "consumers", k.redelivered.sum());
        queueCounter(t, "rabbitmq_global_messages_acknowledged_total", "Total number of messages acknowledged by "
                + "consumers", k.acknowledged.sum());
    }

    private static void counter(PrometheusText t, String name, String help, long v) {
        t.family(name, "counter", help).sample(v, "protocol", AMQP091);
    }

    private static void queueCounter(PrometheusText t, String name, String help, long v) {
        t.family(name, "counter", help).sample(v, "protocol", AMQP091, "queue_type", CLASSIC);
    }
}
