package io.warren.broker.admin;

import java.util.List;
import java.util.Map;

/**
 * The broker's definitions, shaped like RabbitMQ's definitions file ({@code rabbit_version}, users, vhosts,
 * permissions, policies, queues, exchanges, bindings, and the runtime parameters Warren has: operator policies
 * and vhost limits). Management maps it to and from JSON; other parameters are accepted there and ignored.
 *
 * @param vhostLimits      each vhost's limits ({@code max-connections}, {@code max-queues}), vhosts without any
 *                         absent
 * @param globalParameters global runtime parameters ({@code cluster_name}, ...), their values as JSON text
 */
public record Definitions(String version, List<User> users, List<Vhost> vhosts, List<PermissionInfo> permissions,
                          List<PolicyInfo> policies, List<Queue> queues, List<Exchange> exchanges,
                          List<Binding> bindings, Map<String, Map<String, Long>> vhostLimits,
                          Map<String, String> globalParameters) {

    /**
     * {@code hashingAlgorithm} is RabbitMQ's module name, e.g. rabbit_password_hashing_sha256; {@code limits} are
     * the user's ({@code max-connections}, {@code max-channels}).
     */
    public record User(String name, String passwordHash, String hashingAlgorithm, List<String> tags,
                       Map<String, Long> limits) {
    }

    public record Vhost(String name) {
    }

    public record Queue(String vhost, String name, boolean durable, boolean autoDelete,
                        Map<String, Object> arguments) {
    }

    public record Exchange(String vhost, String name, String type, boolean durable, boolean autoDelete,
                           boolean internal, Map<String, Object> arguments) {
    }

    public record Binding(String vhost, String source, String destination, String destinationType,
                          String routingKey, Map<String, Object> arguments) {
    }
}
