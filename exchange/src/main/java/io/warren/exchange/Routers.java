package io.warren.exchange;

/**
 * Factory of empty routers by exchange type.
 * <p>Thread-safety: stateless.
 */
public final class Routers {

    private Routers() {
    }

    /** A new, empty router for {@code type}. */
    public static <D> Router<D> create(ExchangeType type) {
        return switch (type) {
            case DIRECT -> new DirectRouter<>();
            case FANOUT -> new FanoutRouter<>();
            case TOPIC -> new TopicRouter<>();
            case HEADERS -> new HeadersRouter<>();
        };
    }
}
