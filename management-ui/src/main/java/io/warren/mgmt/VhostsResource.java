package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.PermissionInfo;
import io.warren.broker.admin.VhostInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.warren.mgmt.Routes.Access.ADMINISTRATOR;
import static io.warren.mgmt.Routes.Access.MANAGEMENT;

/**
 * Virtual hosts: {@code /api/vhosts}, {@code /api/vhosts/{name}} (GET, PUT, DELETE) and its permissions. GETs
 * show the vhosts the user may see: all with {@code monitoring}, else those with a permission
 * ({@link Visibility}); another vhost answers 401, as RabbitMQ's {@code is_authorized_vhost_visible}.
 */
final class VhostsResource {
    private final BrokerAdmin admin;
    private final Visibility visibility;

    VhostsResource(BrokerAdmin admin) {
        this.admin = admin;
        this.visibility = new Visibility(admin);
    }

    void register(Routes r) {
        r.get("/api/vhosts", MANAGEMENT, c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (VhostInfo v : visibility.visibleVhosts(c.user(), admin.vhosts(), VhostInfo::name)) {
                out.add(Formats.vhost(v, admin.nodeName()));
            }
            return Response.json(ListQuery.apply(c, out));
        });
        r.get("/api/vhosts/{name}", MANAGEMENT, c -> {
            for (VhostInfo v : admin.vhosts()) {
                if (v.name().equals(c.param("name"))) {
                    if (visibility.visibleVhosts(c.user(), List.of(v), VhostInfo::name).isEmpty()) {
                        throw ApiError.notAuthorised(Visibility.VHOST_REFUSED);
                    }
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
