package io.warren.broker.admin;

/** An open channel: {@code name} is RabbitMQ's "{@code <connection name> (<number>)}". */
public record ChannelInfo(String name, String connectionName, int number, String vhost, String user,
                          String peerHost, int peerPort, int consumers, int unacknowledged, int prefetchCount,
                          boolean confirm, boolean transactional) {
}
