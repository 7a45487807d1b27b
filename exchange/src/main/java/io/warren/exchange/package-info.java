/**
 * Exchange routing for Warren: one small {@link io.warren.exchange.Router} per AMQP 0-9-1 exchange type
 * (direct, fanout, topic, headers), generic over the destination type and free of broker types.
 * <p>Routers are built by {@link io.warren.exchange.Routers#create}; their mutations must be externally
 * serialized, while {@code route} is read-only and may run concurrently on a safely published instance, which is
 * how broker-core uses them (copy, mutate the copy, publish it). RabbitMQ 3.x is the behavioural reference.
 */
package io.warren.exchange;
