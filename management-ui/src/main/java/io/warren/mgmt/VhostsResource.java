package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.PermissionInfo;
import io.warren.broker.admin.VhostInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.warren.mgmt.Routes.Access.ADMINISTRATOR;
import static io.warren.mgmt.Routes.Access.MANAGEMENT;

/** Virtual hosts: {@code /api/vhosts}, {@code /api/vhosts/{name}} (GET, PUT, DELETE) and its permissions. */
final class VhostsResource {
    private final BrokerAdmin admin;

    VhostsResource(BrokerAdmin admin) {
        this.admin = admin;
    }

    void register(Routes r) {
        r.get("/api/vhosts", MANAGEMENT, c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (VhostInfo v : admin.vhosts()) {
                out.add(Formats.vhost(v, admin.nodeName()));
            }
            return Response.json(ListQuery.apply(c, out));
        });
        r.get("/api/vhosts/{name}", MANAGEMENT, c -> {
            for (VhostInfo v : admin.vhosts()) {
                if (v.name().equals(c.param("name"))) {
                    return Response.json(Formats.vhost(v, admin.nodeName()));
                }
            }
            throw ApiError.notFound();
        });
        r.put("/api/vhosts/{name}", ADMINISTRATOR, c -> {
            c.body(); // description, tags, default_queue_type: accepted, not kept
            return Response.createdOrNot(admin.addVhost(c.param("name")));
        });
        r.delete("/api/vhosts/{name}", ADMINISTRATOR, c -> {
            if (!admin.deleteVhost(c.param("name"))) {
                throw ApiError.notFound();
            }
            return Response.noContent();
        });
        r.get("/api/vhosts/{name}/permissions", ADMINISTRATOR, c -> {
            if (!admin.vhostExists(c.param("name"))) {
                throw ApiError.notFound();
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (PermissionInfo p : admin.permissions()) {
                if (p.vhost().equals(c.param("name"))) {
                    out.add(Formats.permission(p));
                }
            }
            return Response.json(out);
        });
    }
}
