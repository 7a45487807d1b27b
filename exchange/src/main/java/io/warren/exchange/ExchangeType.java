package io.warren.exchange;

import java.util.Optional;

/**
 * The four exchange types of AMQP 0-9-1 (§3.1.3) that Warren routes, with their wire names.
 * <p>Thread-safety: immutable.
 */
public enum ExchangeType {
    DIRECT("direct"),
    FANOUT("fanout"),
    TOPIC("topic"),
    HEADERS("headers");

    private final String wireName;

    ExchangeType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in {@code exchange.declare} and in the management API, e.g. {@code "topic"}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Looks a type up by its exact lower-case wire name, as RabbitMQ does ({@code "Topic"} is unknown there too).
     * The caller maps an empty result to the reply it needs (broker-core: PRECONDITION_FAILED / COMMAND_INVALID).
     */
    public static Optional<ExchangeType> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name) {
            case "direct" -> Optional.of(DIRECT);
            case "fanout" -> Optional.of(FANOUT);
            case "topic" -> Optional.of(TOPIC);
            case "headers" -> Optional.of(HEADERS);
            default -> Optional.empty();
        };
    }
}
