/**
 * The AMQP 0-9-1 data types that are not plain integers: short and long strings, field tables (kept as raw bytes
 * and parsed lazily, with RabbitMQ's type letters) and the basic content properties with their flag-word codec.
 * Everything here is stateless or immutable; decoders throw {@link io.warren.codec.AmqpException} SYNTAX_ERROR.
 */
package io.warren.codec.types;
