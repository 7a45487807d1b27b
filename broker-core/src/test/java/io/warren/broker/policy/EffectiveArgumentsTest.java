package io.warren.broker.policy;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** How a policy and declared arguments combine: RabbitMQ's per-key rules (smaller limit, argument's choice). */
class EffectiveArgumentsTest {

    private static Policy policy(Map<String, Object> def) {
        return Policy.of("/", "p", ".*", null, 0, def);
    }

    @Test
    void anOperatorPolicyJoinsThePolicyAndTheSmallerLimitWins() {
        Policy user = policy(Map.of("max-length", 10, "message-ttl", 500, "dead-letter-exchange", "dlx"));
        Policy operator = Policy.operator("/", "op", ".*", null, 0, Map.of("max-length", 5, "message-ttl", 1000,
                "expires", 60_000));
        // the management API's effective_policy_definition, as RabbitMQ 3.10.8 shows it for the same pair
        assertEquals(Map.of("dead-letter-exchange", "dlx", "max-length", 5, "message-ttl", 500, "expires", 60_000),
                EffectiveArguments.definition(user, operator));
        assertEquals(operator.definition(), EffectiveArguments.definition(null, operator));
        assertEquals(Map.of(), EffectiveArguments.definition(null, null));

        Map<String, Object> e = EffectiveArguments.of(Map.of("x-max-length", 2, "x-expires", 90_000), user, operator,
                false);
        assertEquals(2, e.get("x-max-length"), "a declared argument below both still wins");
        assertEquals(500, e.get("x-message-ttl"));
        assertEquals(60_000, e.get("x-expires"));
        assertEquals("dlx", e.get("x-dead-letter-exchange"));
        assertEquals(5, EffectiveArguments.of(Map.of(), null, operator, false).get("x-max-length"));
    }

    @Test
    void withoutAPolicyTheDeclaredArgumentsApply() {
        Map<String, Object> declared = Map.of("x-max-length", 5);
        assertSame(declared, EffectiveArguments.of(declared, null, false));
    }

    @Test
    void limitsTakeTheSmallerValueAndChoicesKeepTheArgument() {
        Map<String, Object> declared = Map.of("x-max-length", 10, "x-message-ttl", 100L, "x-expires", 5000,
                "x-dead-letter-exchange", "mine", "x-overflow", "reject-publish", "x-queue-type", "classic");
        Policy p = policy(Map.of("max-length", 3, "message-ttl", 1000, "expires", 60_000, "max-length-bytes", 64,
                "dead-letter-exchange", "theirs", "dead-letter-routing-key", "rk", "overflow", "drop-head"));
        Map<String, Object> e = EffectiveArguments.of(declared, p, false);
        assertEquals(3, e.get("x-max-length"));
        assertEquals(100L, e.get("x-message-ttl"));
        assertEquals(5000, e.get("x-expires"));
        assertEquals(64, e.get("x-max-length-bytes"));
        assertEquals("mine", e.get("x-dead-letter-exchange"));
        assertEquals("rk", e.get("x-dead-letter-routing-key"));
        assertEquals("reject-publish", e.get("x-overflow"));
        assertEquals("classic", e.get("x-queue-type"));
    }

    @Test
    void aQuorumQueuesDeliveryLimitTakesTheSmallerValue() {
        Map<String, Object> declared = Map.of("x-queue-type", "quorum", "x-delivery-limit", 5);
        assertEquals(2, EffectiveArguments.of(declared, policy(Map.of("delivery-limit", 2)), false)
                .get("x-delivery-limit"));
        assertEquals(5, EffectiveArguments.of(declared, policy(Map.of("delivery-limit", 20)), false)
                .get("x-delivery-limit"));
        assertEquals(7, EffectiveArguments.of(Map.of("x-queue-type", "quorum"), policy(Map.of("delivery-limit", 7)),
                false).get("x-delivery-limit"));
    }

    @Test
    void streamsTakeTheirRetentionKeysOnly() {
        Map<String, Object> declared = Map.of("x-queue-type", "stream", "x-max-age", "2D",
                "x-max-length-bytes", 1000L);
        Policy p = policy(Map.of("max-age", "36h", "max-length-bytes", 5000, "message-ttl", 10,
                "stream-max-segment-size-bytes", 4096));
        Map<String, Object> e = EffectiveArguments.of(declared, p, true);
        assertEquals("36h", e.get("x-max-age"));
        assertEquals(1000L, e.get("x-max-length-bytes"));
        assertEquals(4096, e.get("x-stream-max-segment-size-bytes"));
        assertNull(e.get("x-message-ttl"), "not a stream setting");
    }

    @Test
    void anExchangesOwnAlternateExchangeBeatsThePolicys() {
        Policy p = policy(Map.of("alternate-exchange", "from-policy"));
        assertEquals("from-policy", EffectiveArguments.alternateExchange(Map.of(), p));
        assertEquals("own", EffectiveArguments.alternateExchange(Map.of("alternate-exchange", "own"), p));
        assertNull(EffectiveArguments.alternateExchange(Map.of(), null));
    }
}
