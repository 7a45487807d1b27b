package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.PermissionInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.warren.mgmt.Routes.Access.ADMINISTRATOR;

/** Permissions: {@code /api/permissions} and {@code /api/permissions/{vhost}/{user}} (GET, PUT, DELETE). */
final class PermissionsResource {
    private final BrokerAdmin admin;

    PermissionsResource(BrokerAdmin admin) {
        this.admin = admin;
    }

    void register(Routes r) {
        r.get("/api/permissions", ADMINISTRATOR, c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (PermissionInfo p : admin.permissions()) {
                out.add(Formats.permission(p));
            }
            return Response.json(ListQuery.apply(c, out));
        });
        String one = "/api/permissions/{vhost}/{user}";
        r.get(one, ADMINISTRATOR, c -> {
            PermissionInfo p = admin.permission(c.param("vhost"), c.param("user"));
            if (p == null) {
                throw ApiError.notFound();
            }
            return Response.json(Formats.permission(p));
        });
        r.put(one, ADMINISTRATOR, c -> {
            if (!admin.vhostExists(c.param("vhost")) || admin.user(c.param("user")) == null) {
                throw ApiError.notFound();
            }
            Map<String, Object> body = c.body();
            boolean created = admin.setPermission(new PermissionInfo(c.param("user"), c.param("vhost"),
                    Json.requiredString(body, "configure"), Json.requiredString(body, "write"),
                    Json.requiredString(body, "read")));
            return Response.createdOrNot(created);
        });
        r.delete(one, ADMINISTRATOR, c -> {
            if (!admin.clearPermission(c.param("vhost"), c.param("user"))) {
                throw ApiError.notFound();
            }
            return Response.noContent();
        });
    }
}
