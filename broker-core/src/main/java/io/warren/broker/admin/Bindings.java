package io.warren.broker.admin;

import io.warren.broker.queue.Queue;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import io.warren.exchange.Binding;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lists bindings as RabbitMQ's HTTP API shows them, and computes their properties keys. The default exchange's
 * implicit bindings (every queue, by its name) are listed first, as RabbitMQ does. Stateless.
 */
final class Bindings {
    private Bindings() {
    }

    static void list(VirtualHost v, List<BindingInfo> out) {
        for (Queue q : v.queues()) {
            out.add(info(v.name(), "", q.name(), "queue", q.name(), Map.of()));
        }
        for (Exchange x : v.exchanges()) {
            if (!x.isDefault()) {
                for (Binding<Object> b : x.router().bindings()) {
                    out.add(info(v.name(), x.name(), b));
                }
            }
        }
    }

    /** Bindings from {@code source} to {@code destination} (a queue or exchange). */
    static List<BindingInfo> between(VirtualHost v, Exchange source, Object destination) {
        List<BindingInfo> out = new ArrayList<>();
        if (source.isDefault()) {
            if (destination instanceof Queue q) {
                out.add(info(v.name(), "", q.name(), "queue", q.name(), Map.of()));
            }
            return out;
        }
        for (Binding<Object> b : source.router().bindings()) {
            if (b.destination() == destination) {
                out.add(info(v.name(), source.name(), b));
            }
        }
        return out;
    }

    private static BindingInfo info(String vhost, String source, Binding<Object> b) {
        Object d = b.destination();
        String type = d instanceof Queue ? "queue" : "exchange";
        String name = d instanceof Queue q ? q.name() : ((Exchange) d).name();
        return info(vhost, source, name, type, b.key(), b.arguments());
    }

    static BindingInfo info(String vhost, String source, String destination, String type, String key,
                            Map<String, Object> args) {
        return new BindingInfo(vhost, source, destination, type, key, PropertiesFormat.plainMap(args),
                propertiesKey(key, args));
    }

    /**
     * RabbitMQ's {@code pack_binding_props}: "~" for an empty key without arguments, else the form-quoted key
     * ("~" itself quoted as %7E), then "~" and a hash of the arguments when there are any.
     */
    static String propertiesKey(String key, Map<String, Object> args) {
        if (args == null || args.isEmpty()) {
            return key.isEmpty() ? "~" : quote(key);
        }
        return quote(key) + "~" + quote(argsHash(args));
    }

    /** Whether two properties keys name the same binding, whatever percent-encoding each uses. */
    static boolean sameKey(String a, String b) {
        return unquote(a).equals(unquote(b));
    }

    private static String quote(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("~", "%7E");
    }

    private static String unquote(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%20"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** A stable 32-bit hash of the arguments (sorted by name), base64url without padding. */
    private static String argsHash(Map<String, Object> args) {
        int h = new TreeMap<>(PropertiesFormat.plainMap(args)).toString().hashCode();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(4).putInt(h).array());
    }
}
