/**
 * The management plane: RabbitMQ's management HTTP API ({@code /api/...}) and web UI on the management port,
 * and the Prometheus endpoint of {@code rabbitmq_prometheus} on its own port, both over
 * {@link io.warren.broker.admin.BrokerAdmin}. Loaded by the broker as a
 * {@link io.warren.broker.BrokerExtension}; requests are served off the I/O threads.
 */
package io.warren.mgmt;
