package io.warren.it.mgmt;

import io.warren.it.EmbeddedBroker;
import io.warren.mgmt.ManagementServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static io.warren.it.mgmt.ManagementApiIT.unique;
import static io.warren.it.mgmt.MgmtClient.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code /api/parameters} (what {@code rabbitmqadmin list parameters} reads): vhost limits and operator policies
 * as RabbitMQ 3.10 lists them (probed), settable there too; components of plugins Warren lacks list as empty and
 * refuse values with RabbitMQ's reason.
 */
class ParametersIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagementPort(0));

    private MgmtClient api;
    private String vhost;

    @BeforeEach
    void freshVhost() {
        api = new MgmtClient(broker.broker().extension(ManagementServer.class).port(), "guest", "guest");
        vhost = unique("params");
        expect(201, api.put("/api/vhosts/" + vhost, Map.of()));
    }

    private List<Map<String, Object>> inVhost(String path) {
        return api.getList(path).stream().filter(p -> vhost.equals(p.get("vhost"))).toList();
    }

    @Test
    void vhostLimitsAndOperatorPoliciesAreListedAsRabbitMqListsThem() {
        assertEquals(List.of(), inVhost("/api/parameters"));
        expect(204, api.put("/api/vhost-limits/" + vhost + "/max-connections", Map.of("value", 50)));
        expect(201, api.put("/api/operator-policies/" + vhost + "/op1", Map.of("pattern", "^zz",
                "definition", Map.of("max-length", 5), "apply-to", "queues")));
        Map<String, Object> limits = Map.of("value", Map.of("max-connections", 50), "vhost", vhost,
                "component", "vhost-limits", "name", "limits");
        Map<String, Object> policy = Map.of("value", Map.of("pattern", "^zz", "definition", Map.of("max-length", 5),
                "priority", 0, "apply-to", "queues"), "vhost", vhost, "component", "operator_policy", "name", "op1");
        assertEquals(List.of(limits, policy), inVhost("/api/parameters"));
        assertEquals(List.of(limits), inVhost("/api/parameters/vhost-limits"));
        assertEquals(List.of(policy), api.getList("/api/parameters/operator_policy/" + vhost));
        assertEquals(policy, api.getObject("/api/parameters/operator_policy/" + vhost + "/op1"));
        assertEquals(List.of(), api.getList("/api/parameters/federation-upstream"));
        expect(404, api.get("/api/parameters/operator_policy/" + vhost + "/op2"));
        expect(404, api.get("/api/parameters/operator_policy/no-such-vhost"));
    }

    @Test
    void valuesSetThroughParametersActAsThroughTheirOwnEndpoints() {
        expect(204, api.put("/api/vhost-limits/" + vhost + "/max-connections", Map.of("value", 50)));
        expect(204, api.put("/api/parameters/vhost-limits/" + vhost + "/limits",
                Map.of("value", Map.of("max-queues", 3))));
        assertEquals(List.of(Map.of("vhost", vhost, "value", Map.of("max-queues", 3))),
                api.getList("/api/vhost-limits/" + vhost), "the value replaces the vhost's limits");
        expect(201, api.put("/api/parameters/operator_policy/" + vhost + "/cap", Map.of("value",
                Map.of("pattern", ".*", "definition", Map.of("max-length", 7), "priority", 1, "apply-to", "queues"))));
        assertEquals(7, ((Map<?, ?>) api.getObject("/api/operator-policies/" + vhost + "/cap").get("definition"))
                .get("max-length"));
        expect(204, api.delete("/api/parameters/operator_policy/" + vhost + "/cap"));
        expect(404, api.get("/api/operator-policies/" + vhost + "/cap"));
        expect(204, api.delete("/api/parameters/vhost-limits/" + vhost + "/limits"));
        assertEquals(List.of(), api.getList("/api/vhost-limits/" + vhost));
        expect(404, api.delete("/api/parameters/vhost-limits/" + vhost + "/limits"));
    }

    @Test
    void aComponentWarrenDoesNotHaveIsRefusedWithRabbitMqsReason() {
        HttpResponse<String> r = expect(400, api.put("/api/parameters/federation-upstream/" + vhost + "/up1",
                Map.of("value", Map.of("uri", "amqp://elsewhere"))));
        assertEquals("Validation failed\n\ncomponent federation-upstream not found\n",
                MgmtClient.object(r.body()).get("reason"));
        expect(400, api.put("/api/parameters/vhost-limits/" + vhost + "/limits", Map.of("valu", Map.of())));
        expect(404, api.delete("/api/parameters/federation-upstream/" + vhost + "/up1"));
    }
}
