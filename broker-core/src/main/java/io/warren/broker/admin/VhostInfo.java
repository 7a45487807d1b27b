package io.warren.broker.admin;

/** A virtual host and the message totals of its queues. */
public record VhostInfo(String name, long messagesReady, long messagesUnacknowledged, int queues) {
}
