package io.warren.broker.admin;

/**
 * An open channel with its message counters: {@code name} is RabbitMQ's "{@code <connection name> (<number>)}";
 * {@code delivered} counts basic.deliver and {@code got} basic.get-ok.
 */
public record ChannelInfo(String name, String connectionName, int number, String vhost, String user,
                          String peerHost, int peerPort, int consumers, int unacknowledged, int prefetchCount,
                          boolean confirm, boolean transactional, long published, long confirmed, long delivered,
                          long got, long redelivered, long acked) {
    public long deliveredOrGot() {
        return delivered + got;
    }
}
