package io.warren.it;

import com.rabbitmq.client.AMQP;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * exchange.declare and exchange.delete as RabbitMQ answers them (rabbit_channel: exchange.declare/delete,
 * check_not_default_exchange, check_exchange_deletion, check_name; rabbit_exchange: check_type,
 * assert_equivalence).
 */
class ExchangeDeclareIT extends RoutingTestCase {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"direct", "fanout", "topic", "headers"})
    void declaresEachTypeAndRedeclaresIdempotently(String type) throws Exception {
        String x = unique("decl-" + type);
        assertNotNull(channel.exchangeDeclare(x, type, true, false, false, Map.of("some-arg", "v")));
        assertNotNull(channel.exchangeDeclare(x, type, true, false, false, Map.of("some-arg", "v")));
        assertNotNull(channel.exchangeDeclarePassive(x));
        channel.exchangeDelete(x);
    }

    @Test
    void redeclareWithOtherNonReservedArgumentsSucceeds() throws Exception {
        // Only alternate-exchange takes part in exchange equivalence; other arguments are ignored.
        String x = exchange("direct", Map.of("foo", 1));
        channel.exchangeDeclare(x, "direct", false, false, Map.of("foo", 2));
        channel.exchangeDeclare(x, "direct", false, false, null);
        channel.exchangeDeclarePassive(x);
    }

    @Test
    void passiveDeclareOfMissingExchangeIsNotFound() throws Exception {
        String x = unique("missing");
        assertThrows(IOException.class, () -> channel.exchangeDeclarePassive(x));
        expectChannelError(AMQP.NOT_FOUND, "NOT_FOUND - no exchange '" + x + "' in vhost '/'");
    }

    @Test
    void redeclareWithAnotherTypeIsPreconditionFailed() throws Exception {
        String x = exchange("direct");
        assertThrows(IOException.class, () -> channel.exchangeDeclare(x, "fanout"));
        expectChannelError(AMQP.PRECONDITION_FAILED, "PRECONDITION_FAILED - inequivalent arg 'type' for exchange '"
                + x + "' in vhost '/': received 'fanout' but current is 'direct'");
        channel.exchangeDeclarePassive(x); // still there, unchanged
        channel.exchangeDeclare(x, "direct");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"durable", "auto_delete", "internal"})
    void redeclareWithAnotherFlagIsPreconditionFailed(String flag) throws Exception {
        String x = unique("flags");
        channel.exchangeDeclare(x, "direct", false, false, false, null);
        assertThrows(IOException.class, () -> channel.exchangeDeclare(x, "direct", flag.equals("durable"),
                flag.equals("auto_delete"), flag.equals("internal"), null));
        expectChannelError(AMQP.PRECONDITION_FAILED, "PRECONDITION_FAILED - inequivalent arg '" + flag
                + "' for exchange '" + x + "' in vhost '/': received 'true' but current is 'false'");
        channel.exchangeDelete(x);
    }

    @Test
    void unknownTypeIsCommandInvalidConnectionError() throws Exception {
        String x = unique("badtype");
        assertThrows(IOException.class, () -> channel.exchangeDeclare(x, "no-such-type"));
        expectConnectionError(AMQP.COMMAND_INVALID, "COMMAND_INVALID - unknown exchange type 'no-such-type'");
        assertThrows(IOException.class, () -> channel.exchangeDeclarePassive(x)); // nothing was created
        expectChannelError(AMQP.NOT_FOUND);
    }

    @Test
    void unknownTypeIsCheckedBeforeLookingUpAnExistingExchange() throws Exception {
        String x = exchange("direct");
        assertThrows(IOException.class, () -> channel.exchangeDeclare(x, "Direct")); // names are case-sensitive
        expectConnectionError(AMQP.COMMAND_INVALID, "COMMAND_INVALID - unknown exchange type 'Direct'");
    }

    @Test
    void declaringAnAmqPrefixedExchangeIsAccessRefused() throws Exception {
        String x = "amq.foo-" + unique("x");
        assertThrows(IOException.class, () -> channel.exchangeDeclare(x, "direct"));
        expectChannelError(AMQP.ACCESS_REFUSED,
                "ACCESS_REFUSED - exchange name '" + x + "' contains reserved prefix 'amq.*'");
    }

    @Test
    void redeclaringAPredeclaredExchangeEquivalentlySucceeds() throws Exception {
        // The reserved prefix is only checked on creation; amq.topic exists, so this is an equivalence check.
        channel.exchangeDeclare("amq.topic", "topic", true);
        assertThrows(IOException.class, () -> channel.exchangeDeclare("amq.topic", "topic", false));
        expectChannelError(AMQP.PRECONDITION_FAILED);
    }

    @Test
    void deletingAmqDirectIsAccessRefused() throws Exception {
        assertThrows(IOException.class, () -> channel.exchangeDelete("amq.direct"));
        expectChannelError(AMQP.ACCESS_REFUSED,
                "ACCESS_REFUSED - deletion of system exchange 'amq.direct' in vhost '/' not allowed");
        channel.exchangeDeclarePassive("amq.direct");
    }

    @Test
    void predeclaredExchangesExist() throws Exception {
        for (String x : List.of("amq.direct", "amq.fanout", "amq.topic", "amq.headers", "amq.match")) {
            assertNotNull(channel.exchangeDeclarePassive(x), x);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"declare", "declare-passive", "delete", "queue.bind", "queue.unbind",
            "exchange.bind-source", "exchange.bind-destination", "exchange.unbind-source",
            "exchange.unbind-destination"})
    void theDefaultExchangeCannotBeDeclaredBoundUnboundOrDeleted(String operation) throws Exception {
        String q = channel.queueDeclare().getQueue();
        String x = exchange("fanout");
        ThrowingRunnable op = switch (operation) {
            case "declare" -> () -> channel.exchangeDeclare("", "direct", true);
            case "declare-passive" -> () -> channel.exchangeDeclarePassive("");
            case "delete" -> () -> channel.exchangeDelete("");
            case "queue.bind" -> () -> channel.queueBind(q, "", q);
            case "queue.unbind" -> () -> channel.queueUnbind(q, "", q);
            case "exchange.bind-source" -> () -> channel.exchangeBind(x, "", "k");
            case "exchange.bind-destination" -> () -> channel.exchangeBind("", x, "k");
            case "exchange.unbind-source" -> () -> channel.exchangeUnbind(x, "", "k");
            case "exchange.unbind-destination" -> () -> channel.exchangeUnbind("", x, "k");
            default -> throw new IllegalArgumentException(operation);
        };
        assertThrows(IOException.class, op::run);
        expectChannelError(AMQP.ACCESS_REFUSED, "ACCESS_REFUSED - operation not permitted on the default exchange");
    }

    @Test
    void deletingAMissingExchangeSucceeds() throws Exception {
        String x = unique("never-declared");
        channel.exchangeDelete(x);
        channel.exchangeDelete(x, true);
        String y = exchange("topic");
        channel.exchangeDelete(y);
        channel.exchangeDelete(y); // twice
        assertThrows(IOException.class, () -> channel.exchangeDeclarePassive(y));
        expectChannelError(AMQP.NOT_FOUND);
    }

    @Test
    void ifUnusedOnABoundExchangeIsPreconditionFailed() throws Exception {
        String x = exchange("direct");
        String q = boundQueue(x, "k");
        assertThrows(IOException.class, () -> channel.exchangeDelete(x, true));
        expectChannelError(AMQP.PRECONDITION_FAILED,
                "PRECONDITION_FAILED - exchange '" + x + "' in vhost '/' in use");
        channel.exchangeDeclarePassive(x); // not deleted
        channel.queueUnbind(q, x, "k");
        channel.exchangeDelete(x, true);
        assertThrows(IOException.class, () -> channel.exchangeDeclarePassive(x));
        expectChannelError(AMQP.NOT_FOUND);
    }

    @Test
    void ifUnusedIgnoresBindingsWhereTheExchangeIsTheDestination() throws Exception {
        // RabbitMQ's if-unused looks at bindings for which the exchange is the source only.
        String source = exchange("fanout");
        String x = exchange("fanout");
        channel.exchangeBind(x, source, "");
        channel.exchangeDelete(x, true);
        assertThrows(IOException.class, () -> channel.exchangeDeclarePassive(x));
        expectChannelError(AMQP.NOT_FOUND);
    }

    @Test
    void autoDeleteExchangeGoesAwayWithItsLastBinding() throws Exception {
        String x = unique("auto");
        channel.exchangeDeclare(x, "direct", false, true, null);
        String q = boundQueue(x, "a", "b");
        channel.queueUnbind(q, x, "a");
        channel.exchangeDeclarePassive(x); // one binding left
        channel.queueUnbind(q, x, "b");
        assertThrows(IOException.class, () -> channel.exchangeDeclarePassive(x));
        expectChannelError(AMQP.NOT_FOUND, "NOT_FOUND - no exchange '" + x + "' in vhost '/'");
    }

    @Test
    void autoDeleteExchangeGoesAwayWhenItsQueueIsDeleted() throws Exception {
        String x = unique("auto");
        channel.exchangeDeclare(x, "fanout", false, true, null);
        String q = boundQueue(x, "");
        channel.queueDelete(q);
        assertThrows(IOException.class, () -> channel.exchangeDeclarePassive(x));
        expectChannelError(AMQP.NOT_FOUND);
    }

    @Test
    void autoDeleteExchangeThatNeverHadBindingsStays() throws Exception {
        String x = unique("auto");
        channel.exchangeDeclare(x, "topic", false, true, null);
        channel.queueDeclare(); // unrelated activity
        channel.exchangeDeclarePassive(x);
        channel.exchangeDelete(x);
    }
}
