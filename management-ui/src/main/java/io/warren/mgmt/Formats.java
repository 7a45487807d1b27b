package io.warren.mgmt;

import io.warren.broker.admin.BindingInfo;
import io.warren.broker.admin.ChannelInfo;
import io.warren.broker.admin.ConnectionInfo;
import io.warren.broker.admin.ConsumerInfo;
import io.warren.broker.admin.ExchangeInfo;
import io.warren.broker.admin.MessageRates;
import io.warren.broker.admin.MessageRates.ChannelSeries;
import io.warren.broker.admin.MessageRates.ConnectionSeries;
import io.warren.broker.admin.MessageRates.ExchangeSeries;
import io.warren.broker.admin.MessageRates.Kind;
import io.warren.broker.admin.MessageRates.QueueSeries;
import io.warren.broker.admin.PermissionInfo;
import io.warren.broker.admin.PolicyInfo;
import io.warren.broker.admin.QueueInfo;
import io.warren.broker.admin.SampleRange;
import io.warren.broker.admin.StreamInfo;
import io.warren.broker.admin.TlsInfo;
import io.warren.broker.admin.UserInfo;
import io.warren.broker.admin.VhostInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns admin records into the JSON objects of RabbitMQ's HTTP API, field for field by RabbitMQ's names
 * ({@code rabbit_mgmt_format}), so tools written for RabbitMQ read them unchanged. Every {@code *_details} has
 * the current {@code rate}; {@link #history} adds the samples a {@link HistoryQuery} asks for, to the objects
 * actually answered (after paging), since samples cost far more than rates. Stateless.
 */
final class Formats {
    private Formats() {
    }

    static Map<String, Object> rate(double perSecond) {
        return Map.of("rate", Math.round(perSecond * 10) / 10.0);
    }

    /** The series of each kind, named as their JSON fields ({@code PUBLISH_IN} is {@code publish_in}). */
    private static final Map<Kind, Enum<?>[]> SERIES = Map.of(Kind.QUEUE, QueueSeries.values(),
            Kind.EXCHANGE, ExchangeSeries.values(), Kind.CONNECTION, ConnectionSeries.values(),
            Kind.CHANNEL, ChannelSeries.values());

    /**
     * Replaces the {@code *_details} of an object formatted here ({@code m}) with details carrying the samples
     * {@code h} asks for: message rates under {@code message_stats}, a queue's lengths at the top level.
     */
    @SuppressWarnings("unchecked")
    static void history(Map<String, Object> m, Kind kind, MessageRates rates, HistoryQuery h) {
        if (h == HistoryQuery.NONE) {
            return;
        }
        String scope = kind == Kind.QUEUE || kind == Kind.EXCHANGE ? (String) m.get("vhost") : "";
        String name = (String) m.get("name");
        double[] now = rates.rates(kind, scope, name);
        for (Enum<?> series : SERIES.get(kind)) {
            boolean length = kind == Kind.QUEUE && series.ordinal() >= QueueSeries.MESSAGES.ordinal();
            SampleRange range = length ? h.lengths() : h.msgRates();
            Object owner = length ? m : m.get("message_stats");
            if (range != null && owner instanceof Map<?, ?> fields) {
                int i = series.ordinal();
                ((Map<String, Object>) fields).put(series.name().toLowerCase(Locale.ROOT) + "_details",
                        HistoryQuery.details(now[i], rates.samples(kind, scope, name, i, range)));
            }
        }
    }

    static void stat(Map<String, Object> stats, String name, long count, double rate) {
        stats.put(name, count);
        stats.put(name + "_details", rate(rate));
    }

    static Map<String, Object> queue(QueueInfo q, MessageRates rates, String node) {
        double[] r = rates.rates(Kind.QUEUE, q.vhost(), q.name());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", q.name());
        m.put("vhost", q.vhost());
        m.put("durable", q.durable());
        m.put("auto_delete", q.autoDelete());
        m.put("exclusive", q.exclusive());
        m.put("arguments", q.arguments());
        m.put("node", node);
        m.put("type", q.type());
        m.put("state", "running");
        m.put("policy", q.policy());
        m.put("operator_policy", q.operatorPolicy());
        m.put("effective_policy_definition", q.policyDefinition());
        m.put("exclusive_consumer_tag", q.exclusiveConsumerTag());
        m.put("single_active_consumer_tag", q.singleActiveConsumerTag());
        m.put("consumers", q.consumers());
        m.put("messages", q.messages());
        m.put("messages_details", rate(r[QueueSeries.MESSAGES.ordinal()]));
        m.put("messages_ready", q.messagesReady());
        m.put("messages_ready_details", rate(r[QueueSeries.MESSAGES_READY.ordinal()]));
        m.put("messages_unacknowledged", q.messagesUnacknowledged());
        m.put("messages_unacknowledged_details", rate(r[QueueSeries.MESSAGES_UNACKNOWLEDGED.ordinal()]));
        m.put("message_bytes_ready", q.messageBytesReady());
        Map<String, Object> stats = new LinkedHashMap<>();
        stat(stats, "publish", q.published(), r[QueueSeries.PUBLISH.ordinal()]);
        stat(stats, "deliver_get", q.delivered(), r[QueueSeries.DELIVER_GET.ordinal()]);
        stat(stats, "ack", q.acked(), r[QueueSeries.ACK.ordinal()]);
        stat(stats, "redeliver", q.redelivered(), r[QueueSeries.REDELIVER.ordinal()]);
        m.put("message_stats", stats);
        if (q.stream() != null) {
            StreamInfo s = q.stream();
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("first_offset", s.firstOffset());
            st.put("last_offset", s.lastOffset());
            st.put("size_bytes", s.sizeBytes());
            st.put("segments", s.segments());
            st.put("consumer_groups", s.groupOffsets());
            m.put("segments", s.segments());
            m.put("stream", st);
        }
        return m;
    }

    static Map<String, Object> exchange(ExchangeInfo x, MessageRates rates) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", x.name());
        m.put("vhost", x.vhost());
        m.put("type", x.type());
        m.put("durable", x.durable());
        m.put("auto_delete", x.autoDelete());
        m.put("internal", x.internal());
        m.put("arguments", x.arguments());
        if (x.policy() != null) {
            m.put("policy", x.policy()); // RabbitMQ shows the field only when a policy applies
        }
        m.put("user_who_performed_action", "rmq-internal");
        double[] r = rates.rates(Kind.EXCHANGE, x.vhost(), x.name());
        Map<String, Object> stats = new LinkedHashMap<>();
        stat(stats, "publish_in", x.publishIn(), r[ExchangeSeries.PUBLISH_IN.ordinal()]);
        stat(stats, "publish_out", x.publishOut(), r[ExchangeSeries.PUBLISH_OUT.ordinal()]);
        m.put("message_stats", stats);
        return m;
    }

    static Map<String, Object> binding(BindingInfo b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", b.source());
        m.put("vhost", b.vhost());
        m.put("destination", b.destination());
        m.put("destination_type", b.destinationType());
        m.put("routing_key", b.routingKey());
        m.put("arguments", b.arguments());
        m.put("properties_key", b.propertiesKey());
        return m;
    }

    static Map<String, Object> connection(ConnectionInfo c, MessageRates rates, String node) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("node", node);
        m.put("vhost", c.vhost());
        m.put("user", c.user());
        m.put("user_who_performed_action", c.user());
        m.put("state", c.state());
        m.put("channels", c.channels());
        m.put("protocol", "AMQP 0-9-1");
        m.put("auth_mechanism", c.authMechanism());
        m.put("type", "network");
        TlsInfo tls = c.tls();
        m.put("ssl", tls != null);
        m.put("ssl_protocol", tls == null ? null : tls.protocol());
        m.put("ssl_cipher", tls == null ? null : tls.cipher());
        m.put("peer_cert_subject", tls == null ? null : tls.peerCertSubject());
        m.put("peer_cert_issuer", tls == null ? null : tls.peerCertIssuer());
        m.put("peer_cert_validity", tls == null ? null : tls.peerCertValidity());
        m.put("host", c.host());
        m.put("port", c.port());
        m.put("peer_host", c.peerHost());
        m.put("peer_port", c.peerPort());
        m.put("connected_at", c.connectedAt());
        m.put("timeout", c.heartbeat());
        m.put("frame_max", c.frameMax());
        m.put("channel_max", c.channelMax());
        m.put("client_properties", c.clientProperties());
        Object provided = c.clientProperties().get("connection_name");
        if (provided != null) {
            m.put("user_provided_name", provided);
        }
        double[] r = rates.rates(Kind.CONNECTION, "", c.name());
        Map<String, Object> stats = new LinkedHashMap<>();
        stat(stats, "publish", c.published(), r[ConnectionSeries.PUBLISH.ordinal()]);
        stat(stats, "deliver_get", c.delivered(), r[ConnectionSeries.DELIVER_GET.ordinal()]);
        stat(stats, "ack", c.acked(), r[ConnectionSeries.ACK.ordinal()]);
        stat(stats, "confirm", c.confirmed(), r[ConnectionSeries.CONFIRM.ordinal()]);
        m.put("message_stats", stats);
        return m;
    }

    static Map<String, Object> channel(ChannelInfo ch, MessageRates rates, String node) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", ch.name());
        m.put("node", node);
        m.put("number", ch.number());
        m.put("user", ch.user());
        m.put("vhost", ch.vhost());
        m.put("state", "running");
        m.put("consumer_count", ch.consumers());
        m.put("messages_unacknowledged", ch.unacknowledged());
        m.put("messages_unconfirmed", 0);
        m.put("messages_uncommitted", 0);
        m.put("acks_uncommitted", 0);
        m.put("prefetch_count", ch.prefetchCount());
        m.put("global_prefetch_count", 0);
        m.put("confirm", ch.confirm());
        m.put("transactional", ch.transactional());
        m.put("connection_details", Map.of("name", ch.connectionName(), "peer_host", ch.peerHost(),
                "peer_port", ch.peerPort()));
        double[] r = rates.rates(Kind.CHANNEL, "", ch.name());
        Map<String, Object> stats = new LinkedHashMap<>();
        stat(stats, "publish", ch.published(), r[ChannelSeries.PUBLISH.ordinal()]);
        stat(stats, "confirm", ch.confirmed(), r[ChannelSeries.CONFIRM.ordinal()]);
        stat(stats, "deliver_get", ch.deliveredOrGot(), r[ChannelSeries.DELIVER_GET.ordinal()]);
        stat(stats, "deliver", ch.delivered(), r[ChannelSeries.DELIVER.ordinal()]);
        stat(stats, "get", ch.got(), r[ChannelSeries.GET.ordinal()]);
        stat(stats, "redeliver", ch.redelivered(), r[ChannelSeries.REDELIVER.ordinal()]);
        stat(stats, "ack", ch.acked(), r[ChannelSeries.ACK.ordinal()]);
        m.put("message_stats", stats);
        return m;
    }

    static Map<String, Object> consumer(ConsumerInfo c, String node) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("consumer_tag", c.consumerTag());
        m.put("queue", Map.of("name", c.queue(), "vhost", c.vhost()));
        Map<String, Object> ch = new LinkedHashMap<>();
        ch.put("name", c.channelName());
        ch.put("number", c.channelNumber());
        ch.put("connection_name", c.connectionName());
        ch.put("peer_host", c.peerHost());
        ch.put("peer_port", c.peerPort());
        ch.put("user", c.user());
        ch.put("node", node);
        m.put("channel_details", ch);
        m.put("ack_required", c.ackRequired());
        m.put("exclusive", c.exclusive());
        m.put("prefetch_count", c.prefetchCount());
        m.put("arguments", c.arguments());
        m.put("active", c.active());
        m.put("activity_status", c.activityStatus());
        return m;
    }

    static Map<String, Object> vhost(VhostInfo v, String node) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("description", v.name().equals("/") ? "Default virtual host" : "");
        m.put("tags", List.of());
        m.put("metadata", Map.of("description", m.get("description"), "tags", List.of()));
        m.put("default_queue_type", "classic");
        m.put("tracing", false);
        m.put("cluster_state", Map.of(node, "running"));
        m.put("messages", v.messagesReady() + v.messagesUnacknowledged());
        m.put("messages_ready", v.messagesReady());
        m.put("messages_unacknowledged", v.messagesUnacknowledged());
        return m;
    }

    static Map<String, Object> user(UserInfo u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", u.name());
        m.put("password_hash", u.passwordHash());
        m.put("hashing_algorithm", UserInfo.HASHING_ALGORITHM);
        m.put("tags", u.tags());
        m.put("limits", Map.of());
        return m;
    }

    static Map<String, Object> permission(PermissionInfo p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", p.user());
        m.put("vhost", p.vhost());
        m.put("configure", p.configure());
        m.put("write", p.write());
        m.put("read", p.read());
        return m;
    }

    static Map<String, Object> policy(PolicyInfo p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vhost", p.vhost());
        m.put("name", p.name());
        m.put("pattern", p.pattern());
        m.put("apply-to", p.applyTo());
        m.put("definition", p.definition());
        m.put("priority", p.priority());
        return m;
    }
}
