/**
 * Virtual hosts: the registry of exchanges, queues and bindings, lock-free routing over immutable snapshots,
 * and RabbitMQ's declare, delete and equivalence rules. No wire types here.
 */
package io.warren.broker.vhost;
