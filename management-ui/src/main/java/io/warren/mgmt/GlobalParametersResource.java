package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.warren.mgmt.Routes.Access.ADMINISTRATOR;
import static io.warren.mgmt.Routes.Access.MANAGEMENT;

/**
 * RabbitMQ's {@code /api/global-parameters}: node-wide runtime parameters with any JSON value, kept in
 * {@code meta.db} and in definitions. {@code cluster_name} among them is the cluster name
 * ({@code /api/cluster-name} sets the same parameter).
 */
final class GlobalParametersResource {
    private static final String BASE = "/api/global-parameters";

    private final BrokerAdmin admin;

    GlobalParametersResource(BrokerAdmin admin) {
        this.admin = admin;
    }

    void register(Routes r) {
        r.get(BASE, MANAGEMENT, c -> Response.json(DefinitionsResource.globalParameters(admin.globalParameters())));
        r.get(BASE + "/{name}", MANAGEMENT, c -> {
            String json = admin.globalParameters().get(c.param("name"));
            if (json == null) {
                throw ApiError.notFound();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", Json.parse(json));
            m.put("name", c.param("name"));
            return Response.json(m);
        });
        r.put(BASE + "/{name}", ADMINISTRATOR, c -> {
            Map<String, Object> body = c.body();
            if (!body.containsKey("value")) {
                throw ApiError.badRequest("[{key_missing,value}]");
            }
            return Response.createdOrNot(admin.putGlobalParameter(c.param("name"), Json.text(body.get("value"))));
        });
        r.delete(BASE + "/{name}", ADMINISTRATOR, c -> {
            if (!admin.deleteGlobalParameter(c.param("name"))) {
                throw ApiError.notFound();
            }
            return Response.noContent();
        });
    }
}
