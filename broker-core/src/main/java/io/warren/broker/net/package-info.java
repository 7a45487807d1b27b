/** Netty wiring: transports, listeners, socket options and the AMQP pipeline. */
package io.warren.broker.net;
