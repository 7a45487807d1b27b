package io.warren.mgmt;

import io.warren.broker.admin.AckMode;
import io.warren.broker.admin.BindingInfo;
import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.ConsumerInfo;
import io.warren.broker.admin.GotMessage;
import io.warren.broker.admin.MessageRates.Kind;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.warren.mgmt.Routes.Access.MANAGEMENT;

/**
 * One queue: {@code GET/PUT/DELETE /api/queues/{vhost}/{name}} (GET takes the {@link HistoryQuery} parameters),
 * purge ({@code DELETE .../contents}), get messages ({@code POST .../get}), its bindings ({@code GET .../bindings})
 * and, for a stream, a consumer group's reset ({@code DELETE .../groups/{group}}).
 */
final class QueueResource {
    private final BrokerAdmin admin;

    QueueResource(BrokerAdmin admin) {
        this.admin = admin;
    }

    void register(Routes r) {
        String one = "/api/queues/{vhost}/{name}";
        r.get(one, MANAGEMENT, this::show);
        r.put(one, MANAGEMENT, this::declare);
        r.delete(one, MANAGEMENT, c -> {
            admin.deleteQueue(c.param("vhost"), c.param("name"), c.queryFlag("if-unused"), c.queryFlag("if-empty"));
            return Response.noContent();
        });
        r.delete(one + "/contents", MANAGEMENT, c -> {
            admin.purgeQueue(c.param("vhost"), c.param("name"));
            return Response.noContent();
        });
        r.post(one + "/get", MANAGEMENT, this::get);
        // Warren extension: reset a stream's consumer group (its next consumer starts at its x-stream-offset).
        r.delete(one + "/groups/{group}", MANAGEMENT, c -> {
            admin.resetConsumerGroup(c.param("vhost"), c.param("name"), c.param("group"));
            return Response.noContent();
        });
        r.get(one + "/bindings", MANAGEMENT, c -> {
            admin.queue(c.param("vhost"), c.param("name"));
            List<Map<String, Object>> out = new ArrayList<>();
            for (BindingInfo b : admin.bindings(c.param("vhost"))) {
                if (b.destinationType().equals("queue") && b.destination().equals(c.param("name"))) {
                    out.add(Formats.binding(b));
                }
            }
            return Response.json(ListQuery.apply(c, out));
        });
    }

    private Response show(Call c) {
        String vhost = c.param("vhost");
        String name = c.param("name");
        Map<String, Object> m = Formats.queue(admin.queue(vhost, name), admin.rates(), admin.nodeName());
        Formats.history(m, Kind.QUEUE, admin.rates(), HistoryQuery.of(c, admin.rates().now(), true));
        List<Map<String, Object>> consumers = new ArrayList<>();
        for (ConsumerInfo k : admin.consumers()) {
            if (k.vhost().equals(vhost) && k.queue().equals(name)) {
                consumers.add(Formats.consumer(k, admin.nodeName()));
            }
        }
        m.put("consumer_details", consumers);
        m.put("incoming", List.of());
        m.put("deliveries", List.of());
        return Response.json(m);
    }

    private Response declare(Call c) {
        Map<String, Object> body = c.body();
        Map<String, Object> args = new LinkedHashMap<>(Json.object(body, "arguments"));
        String type = Json.string(body, "type", null);
        if (type != null) {
            args.putIfAbsent("x-queue-type", type);
        }
        boolean created = admin.declareQueue(c.param("vhost"), c.param("name"), Json.bool(body, "durable", true),
                Json.bool(body, "auto_delete", false), args);
        return Response.createdOrNot(created);
    }

    private Response get(Call c) {
        Map<String, Object> body = c.body();
        AckMode mode = AckMode.parse(Json.requiredString(body, "ackmode"));
        String encoding = Json.requiredString(body, "encoding");
        if (!encoding.equals("auto") && !encoding.equals("base64")) {
            throw ApiError.badRequest("Unsupported encoding. Please use auto or base64.");
        }
        if (body.get("count") == null) {
            throw ApiError.badRequest("[{key_missing,count}]");
        }
        int count = Json.integer(body, "count", 1);
        int truncate = body.get("truncate") == null ? -1 : Json.integer(body, "truncate", -1);
        List<Map<String, Object>> out = new ArrayList<>();
        for (GotMessage g : admin.get(c.param("vhost"), c.param("name"), mode, count, truncate)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("payload_bytes", g.payloadBytes());
            m.put("redelivered", g.redelivered());
            m.put("exchange", g.exchange());
            m.put("routing_key", g.routingKey());
            m.put("message_count", g.messageCount());
            m.put("properties", g.properties());
            String text = encoding.equals("auto") ? utf8(g.payload()) : null;
            m.put("payload", text != null ? text : Base64.getEncoder().encodeToString(g.payload()));
            m.put("payload_encoding", text != null ? "string" : "base64");
            out.add(m);
        }
        return Response.json(out);
    }

    /** The payload as text when it is valid UTF-8, else null (RabbitMQ's "auto" encoding). */
    private static String utf8(byte[] payload) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
