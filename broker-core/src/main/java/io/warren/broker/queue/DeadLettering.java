package io.warren.broker.queue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warren.broker.message.Message;
import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.BasicPropertiesCodec;
import io.warren.codec.types.FieldTable;
import io.warren.exchange.HeaderView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A classic queue's dead-lettering ({@code x-dead-letter-exchange}, {@code x-dead-letter-routing-key}), in
 * RabbitMQ's format: the message is republished to the dead-letter exchange with the dead-letter routing key (or
 * its own routing key), its {@code expiration} removed, and its {@code x-death} header updated: one table per
 * (queue, reason) with {@code count}, {@code reason} ({@code rejected}, {@code expired} or {@code maxlen}),
 * {@code queue}, {@code time}, {@code exchange}, {@code routing-keys} and {@code original-expiration} when it had
 * one, the latest first; {@code x-first-death-reason}, {@code -queue} and {@code -exchange} are set once. A
 * message that would go back to a queue it already died in, with no rejection on its way, is dropped (an
 * automatic cycle, as RabbitMQ detects it). Runs on the queue's loop; stateless apart from the configuration.
 */
final class DeadLettering {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DeadLettering.class);
    private final String queue;
    private final String exchange;
    private final String routingKey;
    private final DeadLetterSink sink;

    private DeadLettering(String queue, String exchange, String routingKey, DeadLetterSink sink) {
        this.queue = queue;
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.sink = sink;
    }

    /** The queue's dead-lettering, or null when it has no dead-letter exchange (or nowhere to send to). */
    static DeadLettering of(String queue, Map<String, Object> arguments, DeadLetterSink sink) {
        Object x = arguments.get("x-dead-letter-exchange");
        if (!(x instanceof String exchange) || sink == null) {
            return null;
        }
        Object key = arguments.get("x-dead-letter-routing-key");
        return new DeadLettering(queue, exchange, key instanceof String k ? k : null, sink);
    }

    /**
     * Dead-letters a message leaving the queue for {@code reason}; the caller keeps its own reference. A message
     * that cannot be dead-lettered (say, headers past the nesting limit) is logged and dropped.
     */
    void deadLetter(Message m, String reason) {
        try {
            send(m, reason);
        } catch (RuntimeException e) {
            log.warn("queue '{}': cannot dead-letter a message ({}), dropping it", queue, reason, e);
        }
    }

    private void send(Message m, String reason) {
        BasicProperties props = BasicPropertiesCodec.decode(m.properties());
        Map<String, Object> headers = props.headers() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(props.headers().asMap());
        List<Object> deaths = headers.get("x-death") instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
        long count = 1;
        for (int i = 0; i < deaths.size(); i++) {
            if (deaths.get(i) instanceof FieldTable t && queue.equals(t.get("queue")) && reason.equals(t.get("reason"))) {
                count += t.get("count") instanceof Number n ? n.longValue() : 0;
                deaths.remove(i);
                break;
            }
        }
        Map<String, Object> death = new LinkedHashMap<>();
        death.put("count", count);
        death.put("reason", reason);
        death.put("queue", queue);
        death.put("time", Instant.now());
        death.put("exchange", m.exchange());
        death.put("routing-keys", List.of(m.routingKey()));
        if (props.expiration() != null) {
            death.put("original-expiration", props.expiration());
        }
        deaths.add(0, FieldTable.of(death));
        headers.put("x-death", deaths);
        headers.putIfAbsent("x-first-death-reason", reason);
        headers.putIfAbsent("x-first-death-queue", queue);
        headers.putIfAbsent("x-first-death-exchange", m.exchange());

        BasicProperties out = props.toBuilder().headers(FieldTable.of(headers)).expiration(null).build();
        ByteBuf raw = Unpooled.buffer(BasicPropertiesCodec.encodedLength(out));
        BasicPropertiesCodec.encode(out, raw);
        String key = routingKey != null ? routingKey : m.routingKey();
        Message dead = new Message(exchange, key, raw, m.body().retainedDuplicate(), m.persistent());
        sink.publish(exchange, key, dead, HeaderView.of(headers), cycle(deaths, "rejected".equals(reason)));
    }

    /** The queues a dead-lettered message must not enter: those it died in, unless a rejection broke the cycle. */
    private static Predicate<Queue> cycle(List<Object> deaths, boolean rejectedNow) {
        if (rejectedNow) {
            return q -> false;
        }
        List<String> diedIn = new ArrayList<>();
        for (Object d : deaths) {
            if (d instanceof FieldTable t) {
                if ("rejected".equals(t.get("reason"))) {
                    return q -> false;
                }
                if (t.get("queue") instanceof String name) {
                    diedIn.add(name);
                }
            }
        }
        return q -> diedIn.contains(q.name());
    }
}
