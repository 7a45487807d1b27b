package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.warren.mgmt.Routes.Access.ADMINISTRATOR;
import static io.warren.mgmt.Routes.Access.MANAGEMENT;

/**
 * Virtual host limits as RabbitMQ's API has them: {@code GET /api/vhost-limits} and
 * {@code /api/vhost-limits/{vhost}} list {@code {"vhost", "value": {limit: n}}} for vhosts with limits (those the
 * user may see), {@code PUT /api/vhost-limits/{vhost}/{name}} with {@code {"value": n}} sets
 * {@code max-connections} or {@code max-queues} (negative: no limit), and {@code DELETE} removes one.
 */
final class VhostLimitsResource {
    private final BrokerAdmin admin;
    private final Visibility visibility;

    VhostLimitsResource(BrokerAdmin admin) {
        this.admin = admin;
        this.visibility = new Visibility(admin);
    }

    void register(Routes r) {
        r.get("/api/vhost-limits", MANAGEMENT, c -> Response.json(list(c, null)));
        r.get("/api/vhost-limits/{vhost}", MANAGEMENT, c -> {
            String vhost = existing(c.param("vhost"));
            return Response.json(list(c, vhost));
        });
        r.put("/api/vhost-limits/{vhost}/{name}", ADMINISTRATOR, c -> {
            String vhost = existing(c.param("vhost"));
            String name = c.param("name");
            Map<String, Object> body = c.body();
            if (!body.containsKey("value")) {
                throw ApiError.badRequest("[{key_missing,value}]");
            }
            if (!(body.get("value") instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw ApiError.badRequest("Validation failed\n\n" + name + " should be a number, actually was "
                        + body.get("value") + "\n");
            }
            admin.setVhostLimit(vhost, name, n.longValue());
            return Response.noContent();
        });
        r.delete("/api/vhost-limits/{vhost}/{name}", ADMINISTRATOR, c -> {
            admin.clearVhostLimit(existing(c.param("vhost")), c.param("name"));
            return Response.noContent();
        });
    }

    private String existing(String vhost) {
        if (!admin.vhostExists(vhost)) {
            throw ApiError.notFound("vhost_not_found");
        }
        return vhost;
    }

    private List<Map<String, Object>> list(Call c, String onlyVhost) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Map<String, Long>> all = admin.vhostLimits();
        for (String vhost : visibility.visibleVhosts(c.user(), List.copyOf(all.keySet()), v -> v)) {
            if (onlyVhost == null || onlyVhost.equals(vhost)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("vhost", vhost);
                m.put("value", all.get(vhost));
                out.add(m);
            }
        }
        return out;
    }
}
