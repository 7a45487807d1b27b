package io.warren.codec.method;

/**
 * An AMQP 0-9-1 method: one immutable record per method of the specification, grouped per AMQP class
 * ({@link ConnectionMethod}, {@link BasicMethod}, ...). Receivers dispatch through {@link MethodVisitor}.
 */
public sealed interface Method
        permits ConnectionMethod, ChannelMethod, AccessMethod, ExchangeMethod, QueueMethod, BasicMethod,
                TxMethod, ConfirmMethod {

    int classId();

    int methodId();

    /** {@code classId << 16 | methodId}: one int to switch on. */
    default int key() {
        return (classId() << 16) | methodId();
    }

    /** True for the methods followed by a content header and body (publish, return, deliver, get-ok). */
    default boolean hasContent() {
        return false;
    }

    /** The spec name, e.g. {@code basic.publish}; used in logs and error texts. */
    String name();

    <R> R accept(MethodVisitor<R> visitor);
}
