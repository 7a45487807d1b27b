/**
 * AMQP channels: content assembly, dispatch per AMQP class (exchange, queue, basic, confirm, tx), publishing,
 * acknowledgements and deliveries. Everything here runs on the connection's event loop.
 */
package io.warren.broker.channel;
