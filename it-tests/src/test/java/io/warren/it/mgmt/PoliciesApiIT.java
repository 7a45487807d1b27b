package io.warren.it.mgmt;

import io.warren.it.EmbeddedBroker;
import io.warren.mgmt.ManagementServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.warren.it.mgmt.ManagementApiIT.unique;
import static io.warren.it.mgmt.MgmtClient.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The policies API as RabbitMQ 3.10 answers it: PUT 201/204, the JSON shape of lists and single policies, the
 * defaults, every 400 with RabbitMQ's reason text, the 404s, the tags and vhost permissions it takes, and the
 * {@code policy} fields of the queues and exchanges a policy applies to, plus policies in exported definitions.
 * Each test works in a vhost of its own.
 */
class PoliciesApiIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagementPort(0));

    static final List<String> FIELDS = List.of("vhost", "name", "pattern", "apply-to", "definition", "priority");

    MgmtClient api;

    @BeforeEach
    void client() {
        api = new MgmtClient(broker.broker().extension(ManagementServer.class).port(), "guest", "guest");
    }

    private String newVhost(String prefix) {
        String v = unique(prefix);
        expect(201, api.put("/api/vhosts/" + v, Map.of()));
        return v;
    }

    private static Map<String, Object> body(String pattern, Map<String, Object> definition, int priority,
                                            String applyTo) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pattern", pattern);
        m.put("definition", definition);
        m.put("priority", priority);
        m.put("apply-to", applyTo);
        return m;
    }

    static void assertError(int status, String error, String reason, HttpResponse<String> r) {
        expect(status, r);
        assertEquals(Map.of("error", error, "reason", reason), MgmtClient.object(r.body()));
    }

    private static void assertBadRequest(String reason, HttpResponse<String> r) {
        assertError(400, "bad_request", reason, r);
    }

    private static List<Map<String, Object>> inVhost(List<Map<String, Object>> policies, String vhost) {
        return policies.stream().filter(p -> vhost.equals(p.get("vhost"))).toList();
    }

    @Test
    void putAnswers201WhenNewAnd204WhenReplacing() {
        String v = newVhost("pol-put");
        String path = "/api/policies/" + v + "/p1";
        expect(201, api.put(path, body("^pq\\.", Map.of("message-ttl", 1000), 1, "queues")));
        HttpResponse<String> replaced = expect(204, api.put(path, body("^pq\\.", Map.of("message-ttl", 2000), 1,
                "queues")));
        assertEquals("", replaced.body());
        assertEquals(Map.of("message-ttl", 2000), api.getObject(path).get("definition"));
        assertEquals(1, inVhost(api.getList("/api/policies"), v).size());
    }

    @Test
    void listsAndSinglePolicyHaveRabbitMqShape() {
        String v = newVhost("pol-shape");
        expect(201, api.put("/api/policies/" + v + "/p1", body("^pq\\.", Map.of("message-ttl", 2000), 1,
                "queues")));
        String expected = "{\"vhost\":\"" + v + "\",\"name\":\"p1\",\"pattern\":\"^pq\\\\.\",\"apply-to\":\"queues\","
                + "\"definition\":{\"message-ttl\":2000},\"priority\":1}";
        assertEquals(expected, expect(200, api.get("/api/policies/" + v + "/p1")).body());
        assertEquals("[" + expected + "]", expect(200, api.get("/api/policies/" + v)).body());

        List<Map<String, Object>> all = inVhost(api.getList("/api/policies"), v);
        assertEquals(1, all.size());
        assertEquals(FIELDS, List.copyOf(all.get(0).keySet()));
        assertEquals("^pq\\.", all.get(0).get("pattern"));
        assertTrue(api.getList("/api/policies/%2F").stream().noneMatch(p -> v.equals(p.get("vhost"))));
    }

    @Test
    void listsComeByPriorityAndTakeTheListQueryParameters() {
        String v = newVhost("pol-list");
        expect(201, api.put("/api/policies/" + v + "/b-high", body("^b", Map.of("max-length", 1), 9, "all")));
        expect(201, api.put("/api/policies/" + v + "/a-low", body("^a", Map.of("max-length", 1), 2, "all")));
        expect(201, api.put("/api/policies/" + v + "/c-mid", body("^c", Map.of("max-length", 1), 5, "all")));
        List<Object> names = api.getList("/api/policies/" + v).stream().map(p -> p.get("name")).toList();
        assertEquals(List.of("a-low", "c-mid", "b-high"), names);
        names = api.getList("/api/policies/" + v + "?sort=name&sort_reverse=true").stream().map(p -> p.get("name"))
                .toList();
        assertEquals(List.of("c-mid", "b-high", "a-low"), names);

        Map<String, Object> page = api.getObject("/api/policies/" + v + "?page=2&page_size=1&name=-");
        assertEquals(3, page.get("total_count"));
        assertEquals(3, page.get("filtered_count"));
        assertEquals(3, page.get("page_count"));
        assertEquals("c-mid", ((Map<?, ?>) ((List<?>) page.get("items")).get(0)).get("name"));
        assertEquals(List.of(Map.of("name", "a-low", "priority", 2)),
                api.getList("/api/policies/" + v + "?columns=name,priority&sort=priority").subList(0, 1));
    }

    @Test
    void applyToDefaultsToAllAndPriorityToZero() {
        String v = newVhost("pol-defaults");
        expect(201, api.put("/api/policies/" + v + "/d", Map.of("pattern", ".*",
                "definition", Map.of("max-length", 10))));
        Map<String, Object> p = api.getObject("/api/policies/" + v + "/d");
        assertEquals("all", p.get("apply-to"));
        assertEquals(0, p.get("priority"));
    }

    @Test
    void invalidPoliciesAnswer400WithRabbitMqReasons() {
        String v = newVhost("pol-bad");
        String path = "/api/policies/" + v + "/bad";
        Map<String, Object> ttl = Map.of("message-ttl", 1000);
        assertBadRequest("[{key_missing,pattern}]", api.put(path, Map.of("definition", ttl)));
        assertBadRequest("[{key_missing,definition}]", api.put(path, Map.of("pattern", ".*")));
        assertBadRequest("[{key_missing,pattern},{key_missing,definition}]", api.put(path, Map.of()));
        assertBadRequest("Validation failed\n\n[{<<\"bar\">>,2},{<<\"foo\">>,1}] are not recognised policy settings\n",
                api.put(path, Map.of("pattern", ".*", "definition", Map.of("foo", 1, "bar", 2))));
        assertBadRequest("Validation failed\n\n-1 is not a valid message TTL\n",
                api.put(path, Map.of("pattern", ".*", "definition", Map.of("message-ttl", -1))));
        assertBadRequest("Validation failed\n\napply-to 'foo' unrecognised; should be 'queues', 'exchanges' or 'all'\n",
                api.put(path, Map.of("pattern", ".*", "definition", ttl, "apply-to", "foo")));
        assertBadRequest("Validation failed\n\npriority should be a number, actually was <<\"a\">>\n",
                api.put(path, Map.of("pattern", ".*", "definition", ttl, "priority", "a")));
        assertBadRequest("Validation failed\n\nno policy provided\n",
                api.put(path, Map.of("pattern", ".*", "definition", Map.of())));
        HttpResponse<String> regex = expect(400, api.put(path, Map.of("pattern", "(", "definition", ttl)));
        assertEquals("bad_request", MgmtClient.object(regex.body()).get("error"));
        assertTrue(((String) MgmtClient.object(regex.body()).get("reason"))
                .startsWith("Validation failed\n\npattern should be regular expression but is invalid"), regex.body());
        expect(400, api.send("PUT", path, "{not json"));

        // nothing was set, and the same policy made valid is accepted
        expect(404, api.get(path));
        assertEquals(List.of(), api.getList("/api/policies/" + v));
        expect(201, api.put(path, Map.of("pattern", ".*", "definition", ttl)));
    }

    @Test
    void unknownVhostsAndPoliciesAnswer404() {
        String v = newVhost("pol-404");
        assertError(404, "not_found", "vhost_not_found", api.put("/api/policies/no-such-vhost/p",
                body(".*", Map.of("message-ttl", 1), 0, "all")));
        assertError(404, "Object Not Found", "Not Found", api.get("/api/policies/no-such-vhost"));
        assertError(404, "Object Not Found", "Not Found", api.get("/api/policies/no-such-vhost/p"));
        assertError(404, "Object Not Found", "Not Found", api.delete("/api/policies/no-such-vhost/p"));
        assertError(404, "Object Not Found", "Not Found", api.get("/api/policies/" + v + "/missing"));
        assertError(404, "Object Not Found", "Not Found", api.delete("/api/policies/" + v + "/missing"));
        expect(201, api.put("/api/policies/" + v + "/p", body(".*", Map.of("message-ttl", 1), 0, "all")));
        assertEquals(1, api.getList("/api/policies/" + v).size());
    }

    @Test
    void deleteAnswers204ThenThePolicyIsGone() {
        String v = newVhost("pol-del");
        String path = "/api/policies/" + v + "/gone";
        expect(201, api.put(path, body(".*", Map.of("expires", 60000), 0, "queues")));
        HttpResponse<String> deleted = expect(204, api.delete(path));
        assertEquals("", deleted.body());
        expect(404, api.get(path));
        expect(404, api.delete(path));
        assertEquals(List.of(), api.getList("/api/policies/" + v));
        expect(201, api.put(path, body(".*", Map.of("expires", 60000), 0, "queues")));
    }

    @Test
    void policiesNeedThePolicymakerTagAndAPermissionInTheVhost() {
        String mine = newVhost("pol-mine");
        String other = newVhost("pol-other");
        String watcher = unique("mgmt-user");
        String maker = unique("policymaker");
        String outsider = unique("outsider");
        String plain = unique("plain");
        expect(201, api.put("/api/users/" + watcher, Map.of("password", "pw", "tags", "management")));
        expect(201, api.put("/api/users/" + maker, Map.of("password", "pw", "tags", "policymaker")));
        expect(201, api.put("/api/users/" + outsider, Map.of("password", "pw", "tags", "policymaker")));
        expect(201, api.put("/api/users/" + plain, Map.of("password", "pw", "tags", "")));
        Map<String, String> all = Map.of("configure", ".*", "write", ".*", "read", ".*");
        for (String user : List.of(watcher, maker, plain)) {
            expect(201, api.put("/api/permissions/" + mine + "/" + user, all));
        }
        expect(201, api.put("/api/permissions/" + other + "/" + outsider, all));
        Map<String, Object> ttl = body(".*", Map.of("message-ttl", 5000), 0, "queues");
        expect(201, api.put("/api/policies/" + mine + "/guarded", ttl));
        expect(201, api.put("/api/policies/" + other + "/elsewhere", ttl));
        String guarded = "/api/policies/" + mine + "/guarded";

        // management only: lists the policies of its vhosts, may not read, set or delete one
        MgmtClient w = api.as(watcher, "pw");
        List<Map<String, Object>> seen = w.getList("/api/policies");
        assertEquals(List.of("guarded"), seen.stream().map(p -> p.get("name")).toList());
        assertEquals(1, w.getList("/api/policies/" + mine).size());
        assertError(401, "not_authorised", "User not authorised to access virtual host",
                w.get("/api/policies/" + other));
        String refused = "User not authorised to access object";
        assertError(401, "not_authorised", refused, w.get(guarded));
        assertError(401, "not_authorised", refused, w.put(guarded, body("^x", Map.of("max-length", 1), 0, "all")));
        assertError(401, "not_authorised", refused, w.delete(guarded));
        assertEquals(ttl.get("definition"), api.getObject(guarded).get("definition"));

        // policymaker with a permission: full control in its vhost, sees only its vhosts
        MgmtClient m = api.as(maker, "pw");
        expect(201, m.put("/api/policies/" + mine + "/makers", body("^m", Map.of("max-length", 7), 3, "all")));
        assertEquals(7, ((Map<?, ?>) m.getObject("/api/policies/" + mine + "/makers").get("definition"))
                .get("max-length"));
        assertEquals(Map.of("message-ttl", 5000), m.getObject(guarded).get("definition"));
        assertTrue(m.getList("/api/policies").stream().allMatch(p -> mine.equals(p.get("vhost"))));
        expect(204, m.delete("/api/policies/" + mine + "/makers"));

        // policymaker without a permission in the vhost, a user without management tags
        MgmtClient o = api.as(outsider, "pw");
        assertError(401, "not_authorised", refused, o.put("/api/policies/" + mine + "/x", ttl));
        assertError(401, "not_authorised", refused, o.get(guarded));
        expect(201, o.put("/api/policies/" + other + "/outsiders", ttl));
        expect(401, api.as(plain, "pw").get("/api/policies"));
        expect(401, api.as(plain, "pw").put(guarded, ttl));

        expect(200, api.get(guarded));
        assertEquals(List.of("guarded"), api.getList("/api/policies/" + mine).stream().map(p -> p.get("name"))
                .toList());
    }

    @Test
    void queuesShowThePolicyInForceAndItsDefinition() {
        String v = newVhost("pol-q");
        expect(201, api.put("/api/queues/" + v + "/pq.before", Map.of("durable", false)));
        expect(201, api.put("/api/policies/" + v + "/ttl", body("^pq\\.", Map.of("message-ttl", 2000), 1,
                "queues")));
        expect(201, api.put("/api/queues/" + v + "/pq.after", Map.of("durable", false)));
        expect(201, api.put("/api/queues/" + v + "/other", Map.of("durable", false)));

        for (String q : List.of("pq.before", "pq.after")) {
            Map<String, Object> m = api.getObject("/api/queues/" + v + "/" + q);
            assertEquals("ttl", m.get("policy"), q);
            assertEquals(Map.of("message-ttl", 2000), m.get("effective_policy_definition"), q);
            assertTrue(m.containsKey("operator_policy") && m.get("operator_policy") == null, q);
        }
        Map<String, Object> other = api.getObject("/api/queues/" + v + "/other");
        assertTrue(other.containsKey("policy"));
        assertNull(other.get("policy"));
        assertEquals(Map.of(), other.get("effective_policy_definition"));
        Map<Object, Object> listed = new LinkedHashMap<>();
        api.getList("/api/queues/" + v).forEach(q -> listed.put(q.get("name"), q.get("policy")));
        assertEquals("ttl", listed.get("pq.after"));
        assertNull(listed.get("other"));

        // a higher priority wins, for the queues it matches
        expect(201, api.put("/api/policies/" + v + "/cap", body("^pq\\.after$", Map.of("max-length", 10), 5,
                "all")));
        Map<String, Object> after = api.getObject("/api/queues/" + v + "/pq.after");
        assertEquals("cap", after.get("policy"));
        assertEquals(Map.of("max-length", 10), after.get("effective_policy_definition"));
        assertEquals("ttl", api.getObject("/api/queues/" + v + "/pq.before").get("policy"));

        expect(204, api.delete("/api/policies/" + v + "/cap"));
        expect(204, api.delete("/api/policies/" + v + "/ttl"));
        for (String q : List.of("pq.before", "pq.after")) {
            Map<String, Object> m = api.getObject("/api/queues/" + v + "/" + q);
            assertNull(m.get("policy"), q);
            assertEquals(Map.of(), m.get("effective_policy_definition"), q);
        }
    }

    @Test
    void exchangesShowAPolicyOnlyWhenOneApplies() {
        String v = newVhost("pol-x");
        expect(201, api.put("/api/exchanges/" + v + "/px.events", Map.of("type", "fanout")));
        expect(201, api.put("/api/exchanges/" + v + "/other", Map.of("type", "fanout")));
        expect(201, api.put("/api/exchanges/" + v + "/px.unrouted", Map.of("type", "fanout")));
        expect(201, api.put("/api/policies/" + v + "/ae", body("^px\\.", Map.of("alternate-exchange",
                "px.unrouted"), 0, "exchanges")));
        expect(201, api.put("/api/policies/" + v + "/queues-only", body("^other$", Map.of("max-length", 1), 9,
                "queues")));

        assertEquals("ae", api.getObject("/api/exchanges/" + v + "/px.events").get("policy"));
        assertFalse(api.getObject("/api/exchanges/" + v + "/other").containsKey("policy"));
        assertFalse(api.getObject("/api/exchanges/" + v + "/amq.default").containsKey("policy"));
        assertTrue(api.getList("/api/exchanges/" + v).stream()
                .anyMatch(x -> "px.events".equals(x.get("name")) && "ae".equals(x.get("policy"))));

        expect(204, api.delete("/api/policies/" + v + "/ae"));
        assertFalse(api.getObject("/api/exchanges/" + v + "/px.events").containsKey("policy"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void definitionsExportCarriesPoliciesInRabbitMqShape() {
        String v = newVhost("pol-export");
        expect(201, api.put("/api/policies/" + v + "/exported", body("^e\\.", Map.of("max-length", 42), 4,
                "queues")));
        Map<String, Object> exported = (Map<String, Object>) ((List<?>) api.getObject("/api/definitions")
                .get("policies")).stream().filter(p -> v.equals(((Map<?, ?>) p).get("vhost"))).findFirst()
                .orElseThrow();
        assertEquals(FIELDS, List.copyOf(exported.keySet()));
        assertEquals(List.of(v, "exported", "^e\\.", "queues", Map.of("max-length", 42), 4),
                List.copyOf(exported.values()));
        // a vhost's export leaves the vhost out, as RabbitMQ's does
        List<?> ofVhost = (List<?>) api.getObject("/api/definitions/" + v).get("policies");
        assertEquals(List.of(Map.of("name", "exported", "pattern", "^e\\.", "apply-to", "queues",
                "definition", Map.of("max-length", 42), "priority", 4)), ofVhost);
    }
}
