package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static io.warren.mgmt.Routes.Access.ADMINISTRATOR;
import static io.warren.mgmt.Routes.Access.MANAGEMENT;

/**
 * Limits as RabbitMQ's API has them, for vhosts ({@code /api/vhost-limits}: {@code max-connections},
 * {@code max-queues}) and users ({@code /api/user-limits}: {@code max-connections}, {@code max-channels}):
 * {@code GET} lists {@code {"vhost" or "user", "value": {limit: n}}} for the owners with limits,
 * {@code PUT .../{owner}/{name}} with {@code {"value": n}} sets one (negative: no limit), {@code DELETE} removes
 * it. Vhost limits are listed for the vhosts the user may see; user limits for administrators only.
 */
final class LimitsResource {
    /** What the limits belong to, and how the admin reads and changes them. */
    private record Owner(String path, String field, Access read, Function<String, Boolean> exists,
                         Function<String, ApiError> unknownOnRead, Function<String, ApiError> unknownOnPut,
                         Supplier<Map<String, Map<String, Long>>> all, Setter set, Clearer clear) {
    }

    private interface Setter {
        void set(String owner, String limit, long value);
    }

    private interface Clearer {
        void clear(String owner, String limit);
    }

    private enum Access { VISIBLE_VHOSTS, ADMINISTRATORS }

    private final BrokerAdmin admin;
    private final Visibility visibility;

    LimitsResource(BrokerAdmin admin) {
        this.admin = admin;
        this.visibility = new Visibility(admin);
    }

    void register(Routes r) {
        Function<String, ApiError> noVhost = v -> ApiError.notFound("vhost_not_found");
        register(r, new Owner("/api/vhost-limits", "vhost", Access.VISIBLE_VHOSTS, admin::vhostExists, noVhost,
                noVhost, admin::vhostLimits, admin::setVhostLimit, admin::clearVhostLimit));
        // RabbitMQ 3.10 (probed): 404 on GET, 400 with the Erlang error on PUT (and a 500 on DELETE: 404 here)
        register(r, new Owner("/api/user-limits", "user", Access.ADMINISTRATORS, u -> admin.user(u) != null,
                u -> ApiError.notFound(), u -> ApiError.badRequest(List.of("no_such_user", u)), admin::userLimits,
                admin::setUserLimit, admin::clearUserLimit));
    }

    private void register(Routes r, Owner o) {
        Routes.Access read = o.read == Access.VISIBLE_VHOSTS ? MANAGEMENT : ADMINISTRATOR;
        r.get(o.path, read, c -> Response.json(list(c, o, n -> true)));
        r.get(o.path + "/{owner}", read, c -> {
            String owner = existing(o, c.param("owner"), o.unknownOnRead);
            return Response.json(list(c, o, owner::equals));
        });
        r.put(o.path + "/{owner}/{name}", ADMINISTRATOR, c -> {
            String owner = existing(o, c.param("owner"), o.unknownOnPut);
            String name = c.param("name");
            Map<String, Object> body = c.body();
            if (!body.containsKey("value")) {
                throw ApiError.badRequest("[{key_missing,value}]");
            }
            if (!(body.get("value") instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw ApiError.badRequest("Validation failed\n\n" + name + " should be a number, actually was "
                        + body.get("value") + "\n");
            }
            o.set.set(owner, name, n.longValue());
            return Response.noContent();
        });
        r.delete(o.path + "/{owner}/{name}", ADMINISTRATOR, c -> {
            o.clear.clear(existing(o, c.param("owner"), o.unknownOnRead), c.param("name"));
            return Response.noContent();
        });
    }

    private static String existing(Owner o, String owner, Function<String, ApiError> unknown) {
        if (!o.exists.apply(owner)) {
            throw unknown.apply(owner);
        }
        return owner;
    }

    private List<Map<String, Object>> list(Call c, Owner o, Predicate<String> wanted) {
        Map<String, Map<String, Long>> all = o.all.get();
        List<String> owners = List.copyOf(all.keySet());
        if (o.read == Access.VISIBLE_VHOSTS) {
            owners = visibility.visibleVhosts(c.user(), owners, v -> v);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (String owner : owners) {
            if (wanted.test(owner)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(o.field, owner);
                m.put("value", all.get(owner));
                out.add(m);
            }
        }
        return out;
    }
}
