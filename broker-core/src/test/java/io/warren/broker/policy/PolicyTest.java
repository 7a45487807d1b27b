package io.warren.broker.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Policy validation with RabbitMQ 3.10's reason texts (observed on its HTTP API), matching and precedence. */
class PolicyTest {

    private static Policy policy(String pattern, String applyTo, Object priority, Map<String, Object> def) {
        return Policy.of("/", "p", pattern, applyTo, priority, def);
    }

    private static String reason(Map<String, Object> def) {
        return assertThrows(InvalidPolicyException.class, () -> policy("x", null, null, def)).getMessage();
    }

    static Stream<Arguments> invalidDefinitions() {
        return Stream.of(
                Arguments.of(Map.of("message-ttl", -1), "-1 is not a valid message TTL"),
                Arguments.of(Map.of("message-ttl", "a"), "<<\"a\">> is not a valid message TTL"),
                Arguments.of(Map.of("message-ttl", 1.0), "1.0 is not a valid message TTL"),
                Arguments.of(Map.of("expires", 0), "0 is not a valid queue expiry"),
                Arguments.of(Map.of("max-length", -1), "-1 is not a valid maximum length"),
                Arguments.of(Map.of("max-length-bytes", 1.5), "1.5 is not a valid maximum length in bytes"),
                Arguments.of(Map.of("overflow", "x"), "<<\"x\">> is not a valid overflow value"),
                Arguments.of(Map.of("dead-letter-exchange", 1), "1 is not a valid dead letter exchange name"),
                Arguments.of(Map.of("dead-letter-routing-key", 2), "2 is not a valid dead letter routing key"),
                Arguments.of(Map.of("alternate-exchange", 3), "3 is not a valid alternate exchange name"),
                Arguments.of(Map.of("queue-mode", "x"), "<<\"x\">> is not a valid queue-mode value"),
                Arguments.of(Map.of("queue-version", 3), "3 is not a valid queue-version value"),
                Arguments.of(Map.of("stream-max-segment-size-bytes", -1), "-1 is not a valid segment size"),
                Arguments.of(Map.of("ha-mode", "x"), "<<\"x\">> is not a valid ha-mode value"),
                Arguments.of(Map.of("delivery-limit", "x"), "<<\"x\">> is not a valid delivery limit"),
                Arguments.of(Map.of("dead-letter-strategy", "x"), "<<\"x\">> is not a valid dead letter strategy"),
                Arguments.of(Map.of("queue-master-locator", "x"), "<<\"x\">> invalid queue-master-locator value"),
                Arguments.of(Map.of("max-priority", 5),
                        "[{<<\"max-priority\">>,5}] are not recognised policy settings"),
                Arguments.of(Map.of(), "no policy provided"));
    }

    @ParameterizedTest
    @MethodSource("invalidDefinitions")
    void invalidDefinitionsGetRabbitMqsReason(Map<String, Object> def, String detail) {
        assertEquals("Validation failed\n\n" + detail + "\n", reason(def));
    }

    @Test
    void unknownKeysAreListedSortedBeforeAnyValueIsChecked() {
        Map<String, Object> def = new LinkedHashMap<>();
        def.put("foo", 1);
        def.put("message-ttl", -1);
        def.put("bar", 2);
        assertEquals("Validation failed\n\n[{<<\"bar\">>,2},{<<\"foo\">>,1}] are not recognised policy settings\n",
                reason(def));
    }

    @Test
    void missingKeysPatternApplyToAndPriorityAreChecked() {
        Map<String, Object> ok = Map.of("message-ttl", 1);
        assertEquals("[{key_missing,pattern}]", assertThrows(InvalidPolicyException.class,
                () -> policy(null, null, null, ok)).getMessage());
        assertEquals("[{key_missing,definition}]", assertThrows(InvalidPolicyException.class,
                () -> policy("x", null, null, null)).getMessage());
        assertTrue(assertThrows(InvalidPolicyException.class, () -> policy("(", null, null, ok)).getMessage()
                .startsWith("Validation failed\n\npattern should be regular expression but is invalid: "));
        assertEquals("Validation failed\n\napply-to 'foo' unrecognised; should be 'queues', 'exchanges' or 'all'\n",
                assertThrows(InvalidPolicyException.class, () -> policy("x", "foo", null, ok)).getMessage());
        assertEquals("Validation failed\n\npriority should be a number, actually was <<\"a\">>\n",
                assertThrows(InvalidPolicyException.class, () -> policy("x", null, "a", ok)).getMessage());
        assertThrows(InvalidPolicyException.class, () -> policy("x", null, 4_294_967_295L, ok));
        assertTrue(assertThrows(InvalidPolicyException.class, () -> policy("(", "foo", "a", Map.of())).getMessage()
                .contains("priority should be a number"), "the priority is checked first, as in RabbitMQ");
    }

    @Test
    void acceptedKeysIncludeThoseWarrenIgnores() {
        Policy p = policy("x", null, null, Map.of("ha-mode", "all", "queue-mode", "lazy", "max-age", "7D",
                "delivery-limit", 3));
        assertEquals(Policy.ApplyTo.ALL, p.applyTo());
        assertEquals(0, p.priority());
        assertThrows(UnsupportedOperationException.class, () -> p.definition().put("k", 1));
    }

    @Test
    void thePatternIsSearchedForAndApplyToSelectsQueuesOrExchanges() {
        Policy queues = policy("^orders\\.", "queues", 1, Map.of("max-length", 1));
        assertTrue(queues.matchesQueue("orders.created"));
        assertFalse(queues.matchesQueue("old.orders.created"));
        assertFalse(queues.matchesExchange("orders.x"));
        Policy anywhere = policy("tmp", "all", 1, Map.of("max-length", 1));
        assertTrue(anywhere.matchesQueue("my-tmp-queue"));
        assertTrue(anywhere.matchesExchange("x.tmp"));
        assertFalse(anywhere.matchesExchange(""), "never the default exchange");
        Policy exchanges = policy(".*", "exchanges", 1, Map.of("alternate-exchange", "ae"));
        assertFalse(exchanges.matchesQueue("q"));
        assertTrue(exchanges.matchesExchange("x"));
    }

    @Test
    void precedenceIsHighestPriorityThenName() {
        List<Policy> all = new ArrayList<>(List.of(
                Policy.of("/", "b", "x", null, 1, Map.of("max-length", 1)),
                Policy.of("/", "a", "x", null, 1, Map.of("max-length", 1)),
                Policy.of("/", "c", "x", null, 7, Map.of("max-length", 1)),
                Policy.of("/", "d", "x", null, -3, Map.of("max-length", 1))));
        all.sort(Policy.PRECEDENCE);
        assertEquals(List.of("c", "a", "b", "d"), all.stream().map(Policy::name).toList());
    }

    /** RabbitMQ 3.10.8 over its HTTP API: an operator policy takes the queue limits only, checked alike. */
    @Test
    void operatorPoliciesTakeQueueLimitsOnly() {
        Policy p = Policy.operator("/", "op", "^q", "queues", 1, Map.of("max-length", 5, "message-ttl", 1000,
                "expires", 1, "max-length-bytes", 10, "max-in-memory-length", 3, "max-in-memory-bytes", 3,
                "delivery-limit", 3));
        assertTrue(p.operator());
        assertFalse(policy("x", null, null, Map.of("max-length", 1)).operator());
        assertEquals("Validation failed\n\n[{<<\"alternate-exchange\">>,<<\"x\">>},{<<\"ha-mode\">>,<<\"all\">>},"
                + "{<<\"overflow\">>,<<\"drop-head\">>}] are not recognised policy settings\n",
                assertThrows(InvalidPolicyException.class, () -> Policy.operator("/", "op", "x", null, null,
                        Map.of("overflow", "drop-head", "ha-mode", "all", "alternate-exchange", "x"))).getMessage());
        assertEquals("Validation failed\n\n-1 is not a valid maximum length\n", assertThrows(
                InvalidPolicyException.class, () -> Policy.operator("/", "op", "x", null, null,
                        Map.of("max-length", -1))).getMessage());
    }
}
