package io.warren.codec.frame;

import io.warren.codec.method.Method;

import java.util.Objects;

/** A method frame (type 1): a channel number and a decoded method. Holds no buffers. */
public record MethodFrame(int channel, Method method) implements Frame {

    public MethodFrame {
        Objects.requireNonNull(method, "method");
    }
}
