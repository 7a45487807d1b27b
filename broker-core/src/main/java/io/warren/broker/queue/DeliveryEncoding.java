package io.warren.broker.queue;

/**
 * How a {@link DeliveryTarget} takes deliveries its queue encodes: the writer of the frames, the channel number
 * they carry, and the largest body such a delivery may have (one frame, copied next to its method and header).
 */
public record DeliveryEncoding(DeliveryWriter writer, int channel, int maxBody) {
}
