package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.PermissionInfo;
import io.warren.broker.admin.UserInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.warren.mgmt.Routes.Access.ADMINISTRATOR;

/**
 * Users: {@code /api/users}, {@code /api/users/{name}} (GET; PUT with {@code password} or {@code password_hash}
 * and {@code tags}; DELETE) and the user's permissions. Changes apply to the next AMQP login at once.
 */
final class UsersResource {
    private final BrokerAdmin admin;

    UsersResource(BrokerAdmin admin) {
        this.admin = admin;
    }

    void register(Routes r) {
        r.get("/api/users", ADMINISTRATOR, c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (UserInfo u : admin.users()) {
                out.add(Formats.user(u));
            }
            return Response.json(ListQuery.apply(c, out));
        });
        r.get("/api/users/{name}", ADMINISTRATOR, c -> Response.json(Formats.user(find(c.param("name")))));
        r.put("/api/users/{name}", ADMINISTRATOR, c -> {
            Map<String, Object> body = c.body();
            if (!body.containsKey("tags")) {
                throw ApiError.badRequest("[{key_missing,tags}]");
            }
            String algorithm = Json.string(body, "hashing_algorithm", UserInfo.HASHING_ALGORITHM);
            if (!algorithm.equals(UserInfo.HASHING_ALGORITHM) && body.containsKey("password_hash")) {
                throw ApiError.badRequest("unsupported hashing_algorithm '" + algorithm + "' (expected: "
                        + UserInfo.HASHING_ALGORITHM + ")");
            }
            boolean created = admin.putUser(c.param("name"), Json.string(body, "password", null),
                    Json.string(body, "password_hash", null), Json.tags(body));
            return Response.createdOrNot(created);
        });
        r.delete("/api/users/{name}", ADMINISTRATOR, c -> {
            if (!admin.deleteUser(c.param("name"))) {
                throw ApiError.notFound();
            }
            return Response.noContent();
        });
        r.get("/api/users/{name}/permissions", ADMINISTRATOR, c -> {
            find(c.param("name"));
            List<Map<String, Object>> out = new ArrayList<>();
            for (PermissionInfo p : admin.permissions()) {
                if (p.user().equals(c.param("name"))) {
                    out.add(Formats.permission(p));
                }
            }
            return Response.json(out);
        });
    }

    private UserInfo find(String name) {
        UserInfo u = admin.user(name);
        if (u == null) {
            throw ApiError.notFound();
        }
        return u;
    }
}
