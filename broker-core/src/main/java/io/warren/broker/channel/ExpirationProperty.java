package io.warren.broker.channel;

import io.warren.codec.AmqpException;

import java.math.BigInteger;

/**
 * Checks a published message's {@code expiration} property as RabbitMQ does: an integer number of milliseconds
 * (optionally signed, as Erlang's {@code string:to_integer} reads it), not negative, at most 2^32 - 1. Anything
 * else closes the channel with 406 and RabbitMQ's reason ({@code no_integer}, {@code {leftover_string,".5"}},
 * {@code {value_negative,-5}}, {@code {value_too_large,N}}). Stateless.
 */
final class ExpirationProperty {
    private static final BigInteger MAX = BigInteger.valueOf(0xFFFF_FFFFL);

    private ExpirationProperty() {
    }

    static void check(String expiration) {
        String reason = problem(expiration);
        if (reason != null) {
            throw AmqpException.preconditionFailed("invalid expiration '%s': %s", expiration, reason);
        }
    }

    /** Why {@code s} is not a valid expiration, in RabbitMQ's words, or null if it is one. */
    static String problem(String s) {
        int i = 0;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == digits) {
            return "no_integer";
        }
        if (i < s.length()) {
            return "{leftover_string,\"" + s.substring(i) + "\"}";
        }
        BigInteger v = new BigInteger(s.charAt(0) == '+' ? s.substring(1) : s);
        if (v.signum() < 0) {
            return "{value_negative," + v + "}";
        }
        if (v.compareTo(MAX) > 0) {
            return "{value_too_large," + v + "}";
        }
        return null;
    }
}
