/**
 * RabbitMQ policies: a regular expression over queue and exchange names, a priority and a definition
 * ({@code message-ttl}, {@code dead-letter-exchange}, {@code alternate-exchange}...) that applies to every match
 * as if it had been declared with the matching arguments. Validation with RabbitMQ's reply texts, and the rules by
 * which a policy and a queue's own {@code x-*} arguments combine. The vhost owns the policies and hands each queue
 * the arguments it runs with and each exchange the policy in force; queues never see a policy.
 */
package io.warren.broker.policy;
