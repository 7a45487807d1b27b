package io.warren.broker.policy;

/**
 * A policy that cannot be set; the message is RabbitMQ's reason text (for example
 * {@code Validation failed\n\n-1 is not a valid message TTL\n}), which the HTTP API returns as is.
 */
public final class InvalidPolicyException extends IllegalArgumentException {
    public InvalidPolicyException(String reason) {
        super(reason);
    }

    static InvalidPolicyException validation(String detail) {
        return new InvalidPolicyException("Validation failed\n\n" + detail + "\n");
    }
}
