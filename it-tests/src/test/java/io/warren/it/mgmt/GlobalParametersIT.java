package io.warren.it.mgmt;

import com.rabbitmq.client.Connection;
import io.warren.it.EmbeddedBroker;
import io.warren.mgmt.ManagementServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static io.warren.it.mgmt.ManagementApiIT.amqp;
import static io.warren.it.mgmt.MgmtClient.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster name ({@code /api/cluster-name}, as RabbitMQ 3.10 answers, probed) and the global runtime parameters
 * it is one of: seen by AMQP clients in connection.start, by the API and by Prometheus, kept across restarts and in
 * definitions.
 */
class GlobalParametersIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagementPort(0).withPrometheusPort(0));

    private static MgmtClient api() {
        return new MgmtClient(broker.broker().extension(ManagementServer.class).port(), "guest", "guest");
    }

    @AfterEach
    void backToTheNodeName() {
        api().delete("/api/global-parameters/cluster_name");
    }

    private static String serverClusterName() throws Exception {
        try (Connection c = amqp(broker.port(), "guest", "guest", "/")) {
            return String.valueOf(c.getServerProperties().get("cluster_name"));
        }
    }

    private static String metrics() throws Exception {
        int port = broker.broker().extension(ManagementServer.class).prometheusPort();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theClusterNameIsTheNodeNameUntilSetAndEveryoneSeesTheNewOne() throws Exception {
        MgmtClient api = api();
        String node = (String) api.getObject("/api/overview").get("node");
        assertEquals(Map.of("name", node), api.getObject("/api/cluster-name"));
        assertEquals(node, serverClusterName());

        String name = "blue \"sky\" é";
        expect(204, api.put("/api/cluster-name", Map.of("name", name)));
        assertEquals(Map.of("name", name), api.getObject("/api/cluster-name"));
        assertEquals(name, api.getObject("/api/overview").get("cluster_name"));
        assertEquals(Map.of("value", name, "name", "cluster_name"),
                api.getObject("/api/global-parameters/cluster_name"));
        assertEquals(name, serverClusterName());
        assertTrue(metrics().contains("rabbitmq_cluster=\"blue \\\"sky\\\" é\""), "Prometheus identity label");

        broker.restart();
        api = api();
        assertEquals(name, api.getObject("/api/overview").get("cluster_name"));
        assertEquals(name, serverClusterName());

        expect(204, api.delete("/api/global-parameters/cluster_name"));
        assertEquals(Map.of("name", node), api.getObject("/api/cluster-name"));
        assertEquals(node, serverClusterName());
    }

    @Test
    void aBadClusterNameIsRefused() {
        MgmtClient api = api();
        assertEquals("[{key_missing,name}]", MgmtClient.object(expect(400, api.put("/api/cluster-name",
                Map.of("nam", "x"))).body()).get("reason"));
        expect(400, api.put("/api/cluster-name", Map.of("name", 5)));
        expect(400, api.put("/api/global-parameters/cluster_name", Map.of("value", List.of("x"))));
        String node = (String) api.getObject("/api/overview").get("node");
        assertEquals(Map.of("name", node), api.getObject("/api/cluster-name"), "nothing changed");
    }

    @Test
    void globalParametersTakeAnyJsonValueAndTravelWithDefinitions() {
        MgmtClient api = api();
        Map<String, Object> value = Map.of("a", List.of(1, 2), "b", Map.of("c", true));
        expect(201, api.put("/api/global-parameters/complex", Map.of("value", value)));
        expect(204, api.put("/api/global-parameters/complex", Map.of("value", value)));
        assertEquals(Map.of("value", value, "name", "complex"), api.getObject("/api/global-parameters/complex"));
        assertTrue(api.getList("/api/global-parameters").contains(Map.of("name", "complex", "value", value)));
        assertEquals("[{key_missing,value}]", MgmtClient.object(expect(400, api.put(
                "/api/global-parameters/other", Map.of("valu", 1))).body()).get("reason"));

        Map<String, Object> defs = api.getObject("/api/definitions");
        assertTrue(((List<?>) defs.get("global_parameters")).contains(Map.of("name", "complex", "value", value)),
                defs::toString);
        expect(204, api.delete("/api/global-parameters/complex"));
        expect(404, api.delete("/api/global-parameters/complex"));
        expect(404, api.get("/api/global-parameters/complex"));

        expect(204, api.post("/api/definitions", defs));
        assertEquals(Map.of("value", value, "name", "complex"), api.getObject("/api/global-parameters/complex"));
        expect(204, api.delete("/api/global-parameters/complex"));
    }
}
