/**
 * The AMQP 0-9-1 methods as immutable records, one sealed interface per AMQP class, with the codec for method
 * frame payloads and a visitor for dispatch. Generated from the specification JSON by
 * {@code amqp-codec/codegen/generate.py}; {@link io.warren.codec.method.Method} is written by hand.
 */
package io.warren.codec.method;
