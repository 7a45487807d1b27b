package io.warren.it.mgmt;

import io.warren.it.EmbeddedBroker;
import io.warren.mgmt.ManagementServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.warren.it.mgmt.ManagementApiIT.unique;
import static io.warren.it.mgmt.MgmtClient.expect;
import static io.warren.it.mgmt.PoliciesApiIT.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@code /api/operator-policies} as RabbitMQ 3.10.8 answers it (each sequence was run against it first): the same
 * shapes and codes as policies, only queue limits accepted, one policy for administrators only, the queue's
 * {@code operator_policy} and the definition both policies make together, and operator policies in definitions
 * files as runtime parameters of component {@code operator_policy}.
 */
class OperatorPoliciesApiIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagementPort(0));

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

    private static Map<String, Object> body(String pattern, Map<String, Object> definition, int priority) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pattern", pattern);
        m.put("definition", definition);
        m.put("priority", priority);
        m.put("apply-to", "queues");
        return m;
    }

    @Test
    void putGetListAndDeleteAsPolicies() {
        String v = newVhost("op-crud");
        String path = "/api/operator-policies/" + v + "/cap";
        expect(201, api.put(path, body("^op", Map.of("max-length", 5, "message-ttl", 1000), 1)));
        expect(204, api.put(path, body("^op", Map.of("max-length", 6), 1)));
        assertEquals(List.of(v, "cap", "^op", "queues", Map.of("max-length", 6), 1),
                List.copyOf(api.getObject(path).values()));
        assertEquals(List.of("cap"), api.getList("/api/operator-policies/" + v).stream().map(p -> p.get("name"))
                .toList());
        assertEquals(List.of(), api.getList("/api/policies/" + v), "not a policy");
        expect(404, api.get("/api/policies/" + v + "/cap"));

        assertError(400, "bad_request", "Validation failed\n\n[{<<\"alternate-exchange\">>,<<\"x\">>}] are not "
                + "recognised policy settings\n", api.put("/api/operator-policies/" + v + "/ae",
                body("^op", Map.of("alternate-exchange", "x"), 0)));
        assertError(400, "bad_request", "Validation failed\n\n-1 is not a valid maximum length\n",
                api.put("/api/operator-policies/" + v + "/neg", body("^op", Map.of("max-length", -1), 0)));

        expect(204, api.delete(path));
        expect(404, api.get(path));
        expect(404, api.delete(path));
    }

    @Test
    void onePolicyIsForAdministratorsAndListsForManagementUsers() {
        String v = newVhost("op-tags");
        String path = "/api/operator-policies/" + v + "/cap";
        expect(201, api.put(path, body(".*", Map.of("max-length", 1), 0)));
        Map<String, String> all = Map.of("configure", ".*", "write", ".*", "read", ".*");
        for (String tag : List.of("policymaker", "management")) {
            String user = unique(tag);
            expect(201, api.put("/api/users/" + user, Map.of("password", "pw", "tags", tag)));
            expect(201, api.put("/api/permissions/" + v + "/" + user, all));
            MgmtClient u = api.as(user, "pw");
            assertError(401, "not_authorised", "Not administrator user", u.get(path));
            assertError(401, "not_authorised", "Not administrator user", u.put(path, body(".*", Map.of(), 0)));
            assertError(401, "not_authorised", "Not administrator user", u.delete(path));
            assertEquals(List.of("cap"), u.getList("/api/operator-policies").stream().map(p -> p.get("name"))
                    .toList(), tag + " lists the operator policies of its vhosts");
        }
        assertEquals(Map.of("max-length", 1), api.getObject(path).get("definition"));
    }

    @Test
    void aQueueShowsBothPoliciesAndTheDefinitionTheyMake() {
        String v = newVhost("op-q");
        expect(201, api.put("/api/policies/" + v + "/up", Map.of("pattern", "^op", "apply-to", "queues",
                "definition", Map.of("max-length", 10, "message-ttl", 500, "dead-letter-exchange", "dlx"))));
        expect(201, api.put("/api/operator-policies/" + v + "/op1", body("^op", Map.of("max-length", 5,
                "message-ttl", 1000), 1)));
        expect(201, api.put("/api/queues/" + v + "/opq", Map.of("durable", false,
                "arguments", Map.of("x-max-length", 2))));
        Map<String, Object> q = api.getObject("/api/queues/" + v + "/opq");
        assertEquals("up", q.get("policy"));
        assertEquals("op1", q.get("operator_policy"));
        assertEquals(Map.of("dead-letter-exchange", "dlx", "max-length", 5, "message-ttl", 500),
                q.get("effective_policy_definition"));

        expect(204, api.delete("/api/operator-policies/" + v + "/op1"));
        q = api.getObject("/api/queues/" + v + "/opq");
        assertNull(q.get("operator_policy"));
        assertEquals(Map.of("dead-letter-exchange", "dlx", "max-length", 10, "message-ttl", 500),
                q.get("effective_policy_definition"));
    }

    @Test
    void definitionsCarryOperatorPoliciesAsParameters() {
        String v = newVhost("op-defs");
        expect(201, api.put("/api/operator-policies/" + v + "/cap", body("^op", Map.of("max-length", 5), 1)));
        Map<String, Object> parameter = Map.of("value", Map.of("pattern", "^op", "definition",
                Map.of("max-length", 5), "priority", 1, "apply-to", "queues"), "vhost", v,
                "component", "operator_policy", "name", "cap");
        assertEquals(List.of(parameter), api.getObject("/api/definitions/" + v).get("parameters"));
        assertEquals(List.of(), api.getObject("/api/definitions/" + v).get("policies"));
        assertEquals(1, ((List<?>) api.getObject("/api/definitions").get("parameters")).stream()
                .filter(parameter::equals).count());

        // imported into another vhost, it applies there
        String into = newVhost("op-into");
        expect(204, api.post("/api/definitions/" + into, api.getObject("/api/definitions/" + v)));
        assertEquals(Map.of("max-length", 5), api.getObject("/api/operator-policies/" + into + "/cap")
                .get("definition"));
        expect(201, api.put("/api/queues/" + into + "/opq", Map.of("durable", false)));
        assertEquals("cap", api.getObject("/api/queues/" + into + "/opq").get("operator_policy"));
    }
}
