package io.warren.broker.connection;

import io.warren.broker.Broker;
import io.warren.codec.types.FieldTable;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server-properties table of connection.start. The capabilities table lists exactly the RabbitMQ
 * extensions Warren implements; clients switch features on from it, so a flag here is a promise.
 */
final class ServerProperties {
    /** The table last built, for the cluster name it names: rebuilt only when that changes. */
    private record Built(String clusterName, FieldTable table) {
    }

    private static volatile Built last = new Built("", FieldTable.EMPTY);

    private ServerProperties() {
    }

    static FieldTable table(String clusterName) {
        Built b = last;
        if (!b.clusterName.equals(clusterName)) {
            b = new Built(clusterName, build(clusterName));
            last = b;
        }
        return b.table;
    }

    private static FieldTable build(String clusterName) {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("publisher_confirms", true);
        capabilities.put("exchange_exchange_bindings", true);
        capabilities.put("basic.nack", true);
        capabilities.put("consumer_cancel_notify", true);
        capabilities.put("connection.blocked", true);
        capabilities.put("authentication_failure_close", true);
        capabilities.put("per_consumer_qos", true);
        capabilities.put("direct_reply_to", true);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("capabilities", FieldTable.of(capabilities));
        props.put("product", Broker.PRODUCT);
        props.put("version", Broker.VERSION);
        props.put("platform", "Java " + Runtime.version().feature());
        props.put("copyright", "Copyright (c) the Warren authors");
        props.put("information", "Licensed under the Apache License 2.0. An AMQP 0-9-1 broker compatible with "
                + "RabbitMQ clients.");
        props.put("cluster_name", clusterName);
        return FieldTable.of(props);
    }
}
