/**
 * The four AMQP 0-9-1 frame types as Java values: method, content header, content body and heartbeat. Content
 * frames are reference-counted {@link io.netty.buffer.ByteBufHolder}s that keep the inbound bytes as zero-copy
 * slices; their Javadoc says who releases them.
 */
package io.warren.codec.frame;
