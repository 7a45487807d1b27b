/** Users, password hashes (RabbitMQ's salted SHA-256 format) and vhost permissions. */
package io.warren.broker.security;
