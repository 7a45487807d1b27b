/**
 * The Warren broker: configuration, lifecycle ({@link io.warren.broker.Broker}), the command line entry point
 * and the extension SPI. Subpackages hold the network layer, connections, channels, virtual hosts and queues.
 */
package io.warren.broker;
