package io.warren.store.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link MetadataStore} shares; subclasses say how to open one. */
abstract class MetadataStoreContract {
    MetadataStore store;

    abstract MetadataStore open();

    @BeforeEach
    void openStore() {
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static ExchangeDef exchange(String vhost, String name) {
        return new ExchangeDef(vhost, name, "topic", true, false, false, Map.of("alternate-exchange", "ae"));
    }

    static QueueDef queue(String vhost, String name, String type) {
        return new QueueDef(vhost, name, true, false, false, Map.of("x-max-length", 10L), type);
    }

    static BindingDef binding(String vhost, String source, String dest, boolean toQueue, String key) {
        return new BindingDef(vhost, source, dest, toQueue, key, Map.of());
    }

    static PolicyDef policy(String vhost, String name, int priority) {
        return new PolicyDef(vhost, name, "^orders\\.", "queues", priority, Map.of("message-ttl", 60_000));
    }

    @Test
    void vhostLimitsAreKeptWithTheVhostNegativeValuesIncluded() {
        VhostDef limited = VhostDef.named("t").withLimits(Map.of("max-connections", 10L, "max-queues", -1L));
        store.putVhost(limited);
        assertEquals(limited, store.vhost("t").orElseThrow());
        assertEquals(Map.of("max-connections", 10L, "max-queues", -1L), store.vhost("t").orElseThrow().limits());
        store.putVhost(limited.withLimits(Map.of()));
        assertEquals(Map.of(), store.vhost("t").orElseThrow().limits());
    }

    @Test
    void vhostsPutReplaceListDelete() {
        store.putVhost(VhostDef.named("/"));
        store.putVhost(new VhostDef("b", "second", List.of("prod"), "stream"));
        store.putVhost(new VhostDef("b", "replaced", List.of(), "classic"));
        assertEquals(List.of(VhostDef.named("/"), new VhostDef("b", "replaced", List.of(), "classic")),
                store.vhosts());
        assertEquals("replaced", store.vhost("b").orElseThrow().description());
        assertTrue(store.deleteVhost("b"));
        assertFalse(store.deleteVhost("b"));
        assertTrue(store.vhost("b").isEmpty());
        assertEquals(List.of(VhostDef.named("/")), store.vhosts());
    }

    @Test
    void usersAndPermissions() {
        UserDef guest = new UserDef("guest", "aGFzaA==", "rabbit_password_hashing_sha256", List.of("administrator"));
        store.putUser(guest);
        store.putUser(new UserDef("bob", "", "", List.of()));
        store.putPermission(new PermissionDef("guest", "/", ".*", ".*", ".*"));
        store.putPermission(new PermissionDef("bob", "/", "", "amq\\..*", ".*"));
        store.putPermission(new PermissionDef("bob", "/", "^$", "amq\\..*", ".*"));
        assertEquals(guest, store.user("guest").orElseThrow());
        assertEquals(2, store.users().size());
        assertEquals(2, store.permissions().size());
        assertTrue(store.permissions().contains(new PermissionDef("bob", "/", "^$", "amq\\..*", ".*")));
        assertTrue(store.deletePermission("guest", "/"));
        assertFalse(store.deletePermission("guest", "/"));
        store.putPermission(new PermissionDef("guest", "/", ".*", ".*", ".*"));
        assertTrue(store.deleteUser("bob"));
        assertEquals(List.of(new PermissionDef("guest", "/", ".*", ".*", ".*")), store.permissions(),
                "a deleted user's permissions go with it");
        assertEquals(List.of(guest), store.users());
    }

    @Test
    void exchangesQueuesAndBindings() {
        store.putExchange(exchange("/", "x"));
        store.putExchange(exchange("/", "y"));
        store.putQueue(queue("/", "q", QueueDef.CLASSIC));
        store.putQueue(queue("/", "s", QueueDef.STREAM));
        BindingDef xq = binding("/", "x", "q", true, "a.*");
        BindingDef xqOther = new BindingDef("/", "x", "q", true, "a.*", Map.of("x-match", "all"));
        BindingDef xy = binding("/", "x", "y", false, "#");
        BindingDef ys = binding("/", "y", "s", true, "");
        for (BindingDef b : List.of(xq, xqOther, xy, ys, xq)) {
            store.putBinding(b);
        }
        assertEquals(4, store.bindings().size(), "same key, different arguments: two bindings");
        assertEquals(2, store.exchanges().size());
        assertEquals(List.of("q", "s"), store.queues().stream().map(QueueDef::name).toList());
        assertEquals(QueueDef.STREAM, store.queues().get(1).type());
        assertEquals(Map.of("x-max-length", 10L), store.queues().get(0).arguments());

        assertTrue(store.deleteBinding(xqOther));
        assertFalse(store.deleteBinding(xqOther));
        assertEquals(3, store.bindings().size());

        assertTrue(store.deleteExchange("/", "y"));
        assertEquals(List.of(xq), store.bindings(), "bindings from and to a deleted exchange go with it");
        assertTrue(store.deleteQueue("/", "q"));
        assertFalse(store.deleteQueue("/", "q"));
        assertEquals(List.of(), store.bindings(), "bindings to a deleted queue go with it");
    }

    @Test
    void bindingIdentityIgnoresArgumentOrder() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", 2);
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", 2);
        ba.put("a", 1);
        store.putBinding(new BindingDef("/", "x", "q", true, "k", ab));
        store.putBinding(new BindingDef("/", "x", "q", true, "k", ba));
        assertEquals(1, store.bindings().size());
        assertTrue(store.deleteBinding(new BindingDef("/", "x", "q", true, "k", ba)));
    }

    @Test
    void policiesPutReplaceListDelete() {
        PolicyDef ttl = policy("/", "ttl", 1);
        PolicyDef limits = new PolicyDef("/", "limits", ".*", "all", 0, Map.of("max-length", 100L));
        PolicyDef otherVhost = policy("b", "ttl", 5);
        store.putPolicy(ttl);
        store.putPolicy(limits);
        store.putPolicy(otherVhost);
        assertEquals(List.of(ttl, limits, otherVhost), store.policies());

        PolicyDef replaced = new PolicyDef("/", "ttl", "^billing$", "exchanges", 7,
                Map.of("alternate-exchange", "ae"));
        store.putPolicy(replaced);
        assertEquals(List.of(replaced, limits, otherVhost), store.policies(),
                "same vhost and name: replaced; the same name in another vhost is untouched");

        assertTrue(store.deletePolicy("/", "ttl"));
        assertFalse(store.deletePolicy("/", "ttl"));
        assertFalse(store.deletePolicy("/", "nope"));
        assertEquals(List.of(limits, otherVhost), store.policies());
        assertTrue(store.deletePolicy("b", "ttl"));
        assertEquals(List.of(limits), store.policies());
    }

    static PolicyDef operatorPolicy(String vhost, String name) {
        return new PolicyDef(vhost, name, ".*", "queues", 0, Map.of("max-length", 1000), true);
    }

    @Test
    void operatorPoliciesLiveBesidePoliciesOfTheSameName() {
        PolicyDef user = policy("/", "limits", 1);
        PolicyDef operator = operatorPolicy("/", "limits");
        store.putPolicy(user);
        store.putPolicy(operator);
        assertEquals(List.of(user, operator), store.policies(), "policies first, then operator policies");
        assertTrue(store.policies().get(1).operator());

        PolicyDef tighter = new PolicyDef("/", "limits", "^q", "all", 2, Map.of("max-length", 10), true);
        store.putPolicy(tighter);
        assertEquals(List.of(user, tighter), store.policies(), "replaced within its own kind only");

        assertTrue(store.deletePolicy("/", "limits", true));
        assertFalse(store.deletePolicy("/", "limits", true));
        assertEquals(List.of(user), store.policies());
        assertTrue(store.deletePolicy("/", "limits"));
    }

    @Test
    void policiesAreListedByIdentity() {
        store.putPolicy(policy("b", "p", 0));
        store.putPolicy(policy("/", "zz", 0));
        store.putPolicy(policy("/", "y", 0));
        store.putPolicy(policy("/", "x", 0));
        assertEquals(List.of("/ x", "/ y", "/ zz", "b p"),
                store.policies().stream().map(p -> p.vhost() + " " + p.name()).toList());
    }

    @Test
    void aPolicyWithAnUnsupportedValueIsRefusedAndChangesNothing() {
        store.putPolicy(policy("/", "p", 1));
        assertThrows(IllegalArgumentException.class, () -> store.putPolicy(
                new PolicyDef("/", "p", ".*", "all", 2, Map.of("message-ttl", new Object()))));
        assertEquals(List.of(policy("/", "p", 1)), store.policies());
    }

    @Test
    void globalParametersPutReplaceListDelete() {
        assertEquals(Map.of(), store.globalParameters());
        store.putGlobalParameter("cluster_name", "\"blue\"");
        store.putGlobalParameter("complex", "{\"a\":[1,2]}");
        store.putGlobalParameter("complex", "{\"a\":[1,3],\"é\":\"ü\"}");
        assertEquals(Map.of("cluster_name", "\"blue\"", "complex", "{\"a\":[1,3],\"é\":\"ü\"}"),
                store.globalParameters());
        assertEquals(List.of("cluster_name", "complex"), List.copyOf(store.globalParameters().keySet()));
        assertTrue(store.deleteGlobalParameter("complex"));
        assertFalse(store.deleteGlobalParameter("complex"));
        store.putVhost(VhostDef.named("/"));
        store.deleteVhost("/");
        assertEquals(Map.of("cluster_name", "\"blue\""), store.globalParameters(), "not a vhost's");
    }

    @Test
    void groupOffsets() {
        store.putGroupOffset("/", "s", "g1", 10);
        store.putGroupOffset("/", "s", "g2", 20);
        store.putGroupOffset("/", "s", "g1", 11);
        store.putGroupOffset("/", "s2", "g1", 99);
        assertEquals(OptionalLong.of(11), store.groupOffset("/", "s", "g1"));
        assertEquals(OptionalLong.empty(), store.groupOffset("/", "s", "nope"));
        assertEquals(Map.of("g1", 11L, "g2", 20L), store.groupOffsets("/", "s"));
        assertTrue(store.deleteGroupOffset("/", "s", "g2"), "a reset removes one group");
        assertFalse(store.deleteGroupOffset("/", "s", "g2"));
        assertEquals(Map.of("g1", 11L), store.groupOffsets("/", "s"));
        store.deleteGroupOffsets("/", "s");
        assertEquals(Map.of(), store.groupOffsets("/", "s"));
        assertEquals(OptionalLong.of(99), store.groupOffset("/", "s2", "g1"));
        store.putQueue(queue("/", "s2", QueueDef.STREAM));
        store.deleteQueue("/", "s2");
        assertEquals(Map.of(), store.groupOffsets("/", "s2"), "a deleted stream's group offsets go with it");
    }

    @Test
    void deletingAVhostRemovesEverythingInItAndNothingElse() {
        for (String v : List.of("a", "ab")) {   // "a" is a string prefix of "ab": keys must not confuse them
            store.putVhost(VhostDef.named(v));
            store.putPermission(new PermissionDef("guest", v, ".*", ".*", ".*"));
            store.putExchange(exchange(v, "x"));
            store.putQueue(queue(v, "q", QueueDef.STREAM));
            store.putBinding(binding(v, "x", "q", true, "k"));
            store.putGroupOffset(v, "q", "g", 5);
            store.putPolicy(policy(v, "p", 1));
            store.putPolicy(operatorPolicy(v, "p"));
        }
        assertTrue(store.deleteVhost("a"));
        assertEquals(List.of(VhostDef.named("ab")), store.vhosts());
        assertEquals(List.of("ab"), store.permissions().stream().map(PermissionDef::vhost).toList());
        assertEquals(List.of("ab"), store.exchanges().stream().map(ExchangeDef::vhost).toList());
        assertEquals(List.of("ab"), store.queues().stream().map(QueueDef::vhost).toList());
        assertEquals(List.of("ab"), store.bindings().stream().map(BindingDef::vhost).toList());
        assertEquals(OptionalLong.empty(), store.groupOffset("a", "q", "g"));
        assertEquals(OptionalLong.of(5), store.groupOffset("ab", "q", "g"));
        assertEquals(List.of(policy("ab", "p", 1), operatorPolicy("ab", "p")), store.policies());
        assertFalse(store.deletePolicy("a", "p"), "the deleted vhost's policy went with it");
        assertFalse(store.deletePolicy("a", "p", true), "and its operator policy");
    }

    @Test
    void anUnsupportedArgumentIsRefusedAndChangesNothing() {
        store.putExchange(exchange("/", "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.putExchange(
                new ExchangeDef("/", "bad", "direct", true, false, false, Map.of("x-thing", new Object()))));
        assertTrue(e.getMessage().contains("unsupported argument value type"), e.getMessage());
        assertEquals(List.of(exchange("/", "x")), store.exchanges());
    }

    @Test
    void aClosedStoreRefusesCalls() {
        store.close();
        assertThrows(IllegalStateException.class, store::vhosts);
        store.close();
    }
}
