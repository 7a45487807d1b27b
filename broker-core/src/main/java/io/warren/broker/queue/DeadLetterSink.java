package io.warren.broker.queue;

import io.warren.broker.message.Message;
import io.warren.exchange.HeaderView;

import java.util.function.Predicate;

/** Where a classic queue sends what it dead-letters: its virtual host, which routes it as a publish would. */
@FunctionalInterface
public interface DeadLetterSink {
    /**
     * Routes {@code m} from the exchange named {@code exchange} with {@code routingKey} (and {@code headers}, its
     * headers for a headers exchange) and enqueues it in every queue reached except those {@code skip} names
     * (dead-letter cycles). One reference of {@code m} passes here.
     * A missing exchange drops the message, as RabbitMQ does. Callable from any queue loop.
     */
    void publish(String exchange, String routingKey, Message m, HeaderView headers, Predicate<Queue> skip);
}
