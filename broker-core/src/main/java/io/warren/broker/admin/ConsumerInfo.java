package io.warren.broker.admin;

import java.util.Map;

/**
 * A consumer (basic.consume) with the channel it belongs to and the queue it reads. {@code activityStatus} is
 * RabbitMQ's: "up", or on a single-active-consumer queue "single_active" or "waiting".
 */
public record ConsumerInfo(String consumerTag, String vhost, String queue, String channelName,
                           String connectionName, int channelNumber, String peerHost, int peerPort, String user,
                           boolean ackRequired, boolean exclusive, int prefetchCount,
                           Map<String, Object> arguments, String activityStatus) {
    /** Whether the consumer may receive messages now (RabbitMQ's {@code active}). */
    public boolean active() {
        return !"waiting".equals(activityStatus);
    }
}
