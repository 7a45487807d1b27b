/**
 * The AMQP 0-9-1 wire protocol with RabbitMQ's extensions: constants, reply codes and the protocol error
 * type. Subpackages hold the value types, methods, frames and Netty handlers. This module knows nothing of
 * queues or exchanges.
 */
package io.warren.codec;
