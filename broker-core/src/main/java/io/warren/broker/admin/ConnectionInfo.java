package io.warren.broker.admin;

import java.util.Map;

/**
 * An open AMQP connection, with its negotiated parameters and message counters; {@code tls} is null on a plain
 * connection.
 */
public record ConnectionInfo(String name, String vhost, String user, String state, int channels, String host,
                             int port, String peerHost, int peerPort, long connectedAt, int heartbeat,
                             int frameMax, int channelMax, Map<String, Object> clientProperties,
                             String authMechanism, TlsInfo tls,
                             long published, long delivered, long acked, long confirmed) {
}
