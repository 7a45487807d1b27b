package io.warren.broker.admin;

import java.util.Map;

/** A consumer (basic.consume) with the channel it belongs to and the queue it reads. */
public record ConsumerInfo(String consumerTag, String vhost, String queue, String channelName,
                           String connectionName, int channelNumber, String peerHost, int peerPort, String user,
                           boolean ackRequired, boolean exclusive, int prefetchCount,
                           Map<String, Object> arguments) {
}
