/**
 * The Netty side of the codec: the protocol-header check, the frame decoder and encoder, and the per-channel
 * {@link io.warren.codec.wire.ContentAssembler} that turns method, header and body frames into
 * {@link io.warren.codec.wire.Command}s. Handlers here are per connection and confined to its event loop.
 */
package io.warren.codec.wire;
