/**
 * AMQP connections: the handshake, tuning, SASL, heartbeats, the channel table, flow control, and the single
 * mapping of errors to channel or connection closes.
 */
package io.warren.broker.connection;
