package io.warren.broker.admin;

import java.util.Map;

/**
 * A queue and its counters at one moment. {@code type} is "classic" (or what {@code x-queue-type} says);
 * {@code stream} is null except for a stream; {@code policy} and {@code operatorPolicy} name the policy and the
 * operator policy in force (null: none) and {@code policyDefinition} is the definition they make together (empty
 * without either).
 */
public record QueueInfo(String vhost, String name, String type, boolean durable, boolean autoDelete,
                        boolean exclusive, Map<String, Object> arguments, int messagesReady,
                        int messagesUnacknowledged, int consumers, long messageBytesReady, long published,
                        long delivered, long redelivered, long acked, StreamInfo stream, String policy,
                        String operatorPolicy, Map<String, Object> policyDefinition) {
    public long messages() {
        return (long) messagesReady + messagesUnacknowledged;
    }
}
