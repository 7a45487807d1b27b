package io.warren.exchange;

/**
 * A binding request that the exchange type cannot accept, such as an unknown {@code x-match} value on a headers
 * exchange. broker-core maps it to PRECONDITION_FAILED and uses {@link #getMessage()} as the reply text detail.
 * <p>Thread-safety: immutable.
 */
public final class InvalidBindingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidBindingException(String message) {
        super(message);
    }
}
