package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The node's listeners as RabbitMQ names their protocols ({@code amqp}, {@code amqp/ssl}, {@code http},
 * {@code https}): listed by {@code /api/overview} and checked by the port- and protocol-listener health checks.
 */
final class Listeners {
    private final BrokerAdmin admin;
    private final IntSupplier httpPort;
    private final IntSupplier httpsPort;

    Listeners(BrokerAdmin admin, IntSupplier httpPort, IntSupplier httpsPort) {
        this.admin = admin;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
    }

    /** The bound listeners, with the ports actually in use. */
    List<Map<String, Object>> all() {
        String ip = admin.config().bindAddress();
        List<Map<String, Object>> out = new ArrayList<>();
        add(out, "amqp", ip, admin.amqpPort());
        add(out, "amqp/ssl", ip, admin.amqpsPort());
        add(out, "http", ip, httpPort.getAsInt());
        add(out, "https", ip, httpsPort.getAsInt());
        return out;
    }

    /** The management API's plain HTTP port, or -1. */
    int httpPort() {
        return httpPort.getAsInt();
    }

    private void add(List<Map<String, Object>> out, String protocol, String ip, int port) {
        if (port >= 0) {
            out.add(Map.of("node", admin.nodeName(), "protocol", protocol, "ip_address", ip, "port", port,
                    "socket_opts", Map.of()));
        }
    }
}
