package io.warren.broker.admin;

import java.util.Map;

/**
 * A queue and its counters at one moment. {@code type} is "classic" (or what {@code x-queue-type} says);
 * {@code stream} is null except for a stream; {@code policy} and {@code operatorPolicy} name the policy and the
 * operator policy in force (null: none) and {@code policyDefinition} is the definition they make together (empty
 * without either); {@code exclusiveConsumerTag} and {@code singleActiveConsumerTag} name the consumer that has
 * the queue to itself or that receives from a single-active-consumer queue (null: none).
 */
public record QueueInfo(String vhost, String name, String type, boolean durable, boolean autoDelete,
                        boolean exclusive, Map<String, Object> arguments, int messagesReady,
                        int messagesUnacknowledged, int consumers, long messageBytesReady, long published,
                        long delivered, long redelivered, long acked, StreamInfo stream, String policy,
                        String operatorPolicy, Map<String, Object> policyDefinition, String exclusiveConsumerTag,
                        String singleActiveConsumerTag) {
    public long messages() {
        return (long) messagesReady + messagesUnacknowledged;
    }
}
