package io.warren.broker.vhost;

import io.warren.codec.AmqpException;
import io.warren.codec.types.FieldTypes;

import java.util.Objects;

/** RabbitMQ's equivalence rules for redeclaring an exchange: same type, flags and alternate exchange. */
final class ExchangeEquivalence {
    private ExchangeEquivalence() {
    }

    static void check(Exchange x, ExchangeSpec spec) {
        require(x, "type", spec.type().wireName(), x.type().wireName());
        require(x, "durable", spec.durable(), x.durable());
        require(x, "auto_delete", spec.autoDelete(), x.autoDelete());
        require(x, "internal", spec.internal(), x.internal());
        Object ae = spec.arguments().get("alternate-exchange");
        if (!Objects.equals(ae, x.arguments().get("alternate-exchange"))) {
            throw AmqpException.preconditionFailed("inequivalent arg 'alternate-exchange' for %s: %s", x,
                    differs(ae, x.arguments().get("alternate-exchange")));
        }
    }

    private static void require(Exchange x, String arg, Object received, Object current) {
        if (!received.equals(current)) {
            throw AmqpException.preconditionFailed("inequivalent arg '%s' for %s: received '%s' but current is '%s'",
                    arg, x, received, current);
        }
    }

    /**
     * RabbitMQ 3.10's wording for an argument whose value differs: {@code received '20' but current is '10'} when
     * both have one, else {@code received none but current is the value '10' of type 'signedint'} (or the
     * reverse).
     */
    static String differs(Object received, Object current) {
        if (received != null && current != null) {
            return "received '" + received + "' but current is '" + current + "'";
        }
        return "received " + describe(received) + " but current is " + describe(current);
    }

    private static String describe(Object v) {
        return v == null ? "none" : "the value '" + v + "' of type '" + FieldTypes.name(v) + "'";
    }
}
