/**
 * The management facade: {@link io.warren.broker.admin.BrokerAdmin} lists, declares and deletes the broker's
 * entities and reads their statistics as plain records, with no Netty or codec types in its signatures. The HTTP
 * API (module management-ui) and tests use it; {@link io.warren.broker.admin.MessageRates} samples the counters
 * that message rates are computed from.
 */
package io.warren.broker.admin;
