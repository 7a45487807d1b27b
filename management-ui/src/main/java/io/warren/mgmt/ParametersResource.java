package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.warren.mgmt.Routes.Access.ADMINISTRATOR;
import static io.warren.mgmt.Routes.Access.MANAGEMENT;

/**
 * RabbitMQ's {@code /api/parameters}: the runtime parameters of the components Warren has, vhost limits
 * ({@code vhost-limits}, named {@code limits}) and operator policies ({@code operator_policy}), listed as in an
 * export and settable here as through their own endpoints. Other components (federation, shovels) are plugins
 * Warren does not have: they list as empty and refuse a value, as on a RabbitMQ node without the plugin.
 */
final class ParametersResource {
    private static final String BASE = "/api/parameters";

    private final BrokerAdmin admin;
    private final Visibility visibility;

    ParametersResource(BrokerAdmin admin) {
        this.admin = admin;
        this.visibility = new Visibility(admin);
    }

    void register(Routes r) {
        r.get(BASE, MANAGEMENT, c -> Response.json(list(c, null, null)));
        r.get(BASE + "/{component}", MANAGEMENT, c -> Response.json(list(c, c.param("component"), null)));
        r.get(BASE + "/{component}/{vhost}", MANAGEMENT,
                c -> Response.json(list(c, c.param("component"), existingVhost(c))));
        r.get(BASE + "/{component}/{vhost}/{name}", MANAGEMENT, c -> {
            String name = c.param("name");
            return Response.json(list(c, c.param("component"), existingVhost(c)).stream()
                    .filter(p -> name.equals(p.get("name"))).findFirst().orElseThrow(ApiError::notFound));
        });
        r.put(BASE + "/{component}/{vhost}/{name}", ADMINISTRATOR, this::put);
        r.delete(BASE + "/{component}/{vhost}/{name}", ADMINISTRATOR, this::delete);
    }

    private List<Map<String, Object>> list(Call c, String component, String vhost) {
        List<Map<String, Object>> all = DefinitionsResource.runtimeParameters(admin.vhostLimits(),
                admin.policies(null, true), vhost);
        return visibility.visibleVhosts(c.user(), all, p -> (String) p.get("vhost")).stream()
                .filter(p -> component == null || component.equals(p.get("component"))).toList();
    }

    private Response put(Call c) {
        String vhost = existingVhost(c);
        String component = c.param("component");
        String name = c.param("name");
        Map<String, Object> body = c.body();
        if (!body.containsKey("value")) {
            throw ApiError.badRequest("[{key_missing,value}]");
        }
        switch (component) {
            case DefinitionsResource.VHOST_LIMITS -> {
                Map<String, Long> limits = DefinitionsResource.limits(Json.object(body, "value"));
                Map<String, Long> before = admin.vhostLimits().getOrDefault(vhost, Map.of());
                limits.forEach((limit, value) -> admin.setVhostLimit(vhost, limit, value)); // refuses bad names
                for (String old : before.keySet()) { // the value replaces the vhost's limits, as in RabbitMQ
                    if (!limits.containsKey(old)) {
                        admin.clearVhostLimit(vhost, old);
                    }
                }
                return Response.createdOrNot(before.isEmpty());
            }
            case DefinitionsResource.OPERATOR_POLICY -> {
                Map<String, Object> v = Json.object(body, "value");
                return Response.createdOrNot(admin.putPolicy(vhost, name, Json.requiredString(v, "pattern"),
                        Json.string(v, "apply-to", null), v.get("priority"), Json.object(v, "definition"), true));
            }
            default -> throw ApiError.badRequest("Validation failed\n\ncomponent " + component + " not found\n");
        }
    }

    private Response delete(Call c) {
        String vhost = existingVhost(c);
        String name = c.param("name");
        boolean deleted = switch (c.param("component")) {
            case DefinitionsResource.VHOST_LIMITS -> {
                Map<String, Long> limits = admin.vhostLimits().get(vhost);
                if (limits != null && DefinitionsResource.LIMITS.equals(name)) {
                    limits.keySet().forEach(l -> admin.clearVhostLimit(vhost, l));
                }
                yield limits != null && DefinitionsResource.LIMITS.equals(name);
            }
            case DefinitionsResource.OPERATOR_POLICY -> admin.deletePolicy(vhost, name, true);
            default -> false;
        };
        if (!deleted) {
            throw ApiError.notFound();
        }
        return Response.noContent();
    }

    private String existingVhost(Call c) {
        String vhost = Objects.requireNonNull(c.param("vhost"));
        if (!admin.vhostExists(vhost)) {
            throw ApiError.notFound("vhost_not_found");
        }
        return vhost;
    }
}
