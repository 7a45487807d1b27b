package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.Definitions;
import io.warren.broker.admin.PermissionInfo;
import io.warren.broker.admin.PolicyInfo;
import io.warren.broker.admin.UserInfo;
import io.warren.broker.security.Users;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.warren.mgmt.Routes.Access.ADMINISTRATOR;

/**
 * Definitions in RabbitMQ's file format: {@code GET /api/definitions} exports (add {@code ?download=<file>} for
 * an attachment), {@code POST /api/definitions} imports, merging with what exists. A RabbitMQ export imports
 * as it is, policies included, and operator policies (the runtime parameters of component
 * {@code operator_policy}); other parameters, topic permissions and limits are accepted and ignored (Warren has
 * none). {@code /api/definitions/{vhost}} does the same for one vhost's policies, exchanges, queues and bindings.
 */
final class DefinitionsResource {
    static final String OPERATOR_POLICY = "operator_policy";
    static final String VHOST_LIMITS = "vhost-limits";
    /** The one name of a vhost's {@code vhost-limits} parameter. */
    static final String LIMITS = "limits";
    private final BrokerAdmin admin;

    DefinitionsResource(BrokerAdmin admin) {
        this.admin = admin;
    }

    void register(Routes r) {
        r.get("/api/definitions", ADMINISTRATOR, c -> download(c, toJson(admin.exportDefinitions(), null)));
        r.post("/api/definitions", ADMINISTRATOR, c -> {
            admin.importDefinitions(fromJson(c.body(), null));
            return Response.noContent();
        });
        r.get("/api/definitions/{vhost}", ADMINISTRATOR, c -> {
            String vhost = vhost(c);
            return download(c, toJson(admin.exportDefinitions(), vhost));
        });
        r.post("/api/definitions/{vhost}", ADMINISTRATOR, c -> {
            admin.importDefinitions(fromJson(c.body(), vhost(c)));
            return Response.noContent();
        });
    }

    private String vhost(Call c) {
        String v = c.param("vhost");
        if (!admin.vhostExists(v)) {
            throw ApiError.notFound();
        }
        return v;
    }

    private static Response download(Call c, Map<String, Object> json) {
        Response r = Response.json(json);
        String file = c.query("download");
        if (file != null && file.matches("[A-Za-z0-9._-]+")) {
            r = r.withHeaders(Map.of("Content-Disposition", "attachment; filename=\"" + file + "\""));
        }
        return r;
    }

    /** The export as RabbitMQ writes it; for one vhost, only its topology and without vhost fields. */
    static Map<String, Object> toJson(Definitions d, String onlyVhost) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rabbit_version", OverviewResource.MANAGEMENT_VERSION);
        m.put("rabbitmq_version", OverviewResource.MANAGEMENT_VERSION);
        m.put("product_name", "Warren");
        m.put("product_version", d.version());
        if (onlyVhost == null) {
            m.put("users", map(d.users(), u -> obj("name", u.name(), "password_hash", u.passwordHash(),
                    "hashing_algorithm", u.hashingAlgorithm(), "tags", u.tags(), "limits", u.limits())));
            m.put("vhosts", map(d.vhosts(), v -> obj("name", v.name(), "limits", List.of(),
                    "metadata", Map.of("description", "", "tags", List.of()))));
            m.put("permissions", map(d.permissions(), p -> obj("user", p.user(), "vhost", p.vhost(),
                    "configure", p.configure(), "write", p.write(), "read", p.read())));
            m.put("topic_permissions", List.of());
        }
        m.put("parameters", runtimeParameters(d.vhostLimits(), d.policies(), onlyVhost));
        if (onlyVhost == null) {
            m.put("global_parameters", globalParameters(d.globalParameters()));
        }
        m.put("policies", map(only(d.policies(), PolicyInfo::vhost, onlyVhost).stream().filter(p -> !p.operator())
                .toList(), p -> vhostField(onlyVhost,
                p.vhost(), obj("name", p.name(), "pattern", p.pattern(), "apply-to", p.applyTo(),
                        "definition", p.definition(), "priority", p.priority()))));
        m.put("queues", map(only(d.queues(), Definitions.Queue::vhost, onlyVhost), q -> vhostField(onlyVhost,
                q.vhost(), obj("name", q.name(), "durable", q.durable(), "auto_delete", q.autoDelete(),
                        "arguments", q.arguments()))));
        m.put("exchanges", map(only(d.exchanges(), Definitions.Exchange::vhost, onlyVhost), x -> vhostField(
                onlyVhost, x.vhost(), obj("name", x.name(), "type", x.type(), "durable", x.durable(),
                        "auto_delete", x.autoDelete(), "internal", x.internal(), "arguments", x.arguments()))));
        m.put("bindings", map(only(d.bindings(), Definitions.Binding::vhost, onlyVhost), b -> vhostField(
                onlyVhost, b.vhost(), obj("source", b.source(), "destination", b.destination(),
                        "destination_type", b.destinationType(), "routing_key", b.routingKey(),
                        "arguments", b.arguments()))));
        return m;
    }

    /** Parses RabbitMQ's definitions JSON; {@code intoVhost} places every entity there (vhost import). */
    static Definitions fromJson(Map<String, Object> j, String intoVhost) {
        List<Definitions.User> users = new ArrayList<>();
        List<Definitions.Vhost> vhosts = new ArrayList<>();
        List<PermissionInfo> permissions = new ArrayList<>();
        if (intoVhost == null) {
            for (Map<String, Object> u : Json.objects(j, "users")) {
                // a hand-written file may give the password itself, as RabbitMQ accepts
                String password = Json.string(u, "password", null);
                String hash = Json.string(u, "password_hash", password == null ? "" : Users.hash(password));
                users.add(new Definitions.User(Json.requiredString(u, "name"), hash,
                        Json.string(u, "hashing_algorithm", UserInfo.HASHING_ALGORITHM), Json.tags(u),
                        limits(Json.object(u, "limits"))));
            }
            for (Map<String, Object> v : Json.objects(j, "vhosts")) {
                vhosts.add(new Definitions.Vhost(Json.requiredString(v, "name")));
            }
            for (Map<String, Object> p : Json.objects(j, "permissions")) {
                permissions.add(new PermissionInfo(Json.requiredString(p, "user"), Json.requiredString(p, "vhost"),
                        Json.requiredString(p, "configure"), Json.requiredString(p, "write"),
                        Json.requiredString(p, "read")));
            }
        }
        List<PolicyInfo> policies = new ArrayList<>();
        for (Map<String, Object> p : Json.objects(j, "policies")) {
            policies.add(new PolicyInfo(vhostOf(p, intoVhost), Json.requiredString(p, "name"),
                    Json.requiredString(p, "pattern"), Json.string(p, "apply-to", "all"),
                    Json.integer(p, "priority", 0), Json.object(p, "definition")));
        }
        Map<String, Map<String, Long>> vhostLimits = new LinkedHashMap<>();
        for (Map<String, Object> p : Json.objects(j, "parameters")) {
            if (VHOST_LIMITS.equals(p.get("component"))) {
                vhostLimits.computeIfAbsent(vhostOf(p, intoVhost), v -> new LinkedHashMap<>())
                        .putAll(limits(Json.object(p, "value")));
            }
            if (OPERATOR_POLICY.equals(p.get("component"))) {
                Map<String, Object> v = Json.object(p, "value");
                policies.add(new PolicyInfo(vhostOf(p, intoVhost), Json.requiredString(p, "name"),
                        Json.requiredString(v, "pattern"), Json.string(v, "apply-to", "all"),
                        Json.integer(v, "priority", 0), Json.object(v, "definition"), true));
            }
        }
        List<Definitions.Queue> queues = new ArrayList<>();
        for (Map<String, Object> q : Json.objects(j, "queues")) {
            Map<String, Object> args = new LinkedHashMap<>(Json.object(q, "arguments"));
            String type = Json.string(q, "type", null);
            if (type != null) {
                args.putIfAbsent("x-queue-type", type);
            }
            queues.add(new Definitions.Queue(vhostOf(q, intoVhost), Json.requiredString(q, "name"),
                    Json.bool(q, "durable", true), Json.bool(q, "auto_delete", false), args));
        }
        List<Definitions.Exchange> exchanges = new ArrayList<>();
        for (Map<String, Object> x : Json.objects(j, "exchanges")) {
            exchanges.add(new Definitions.Exchange(vhostOf(x, intoVhost), Json.requiredString(x, "name"),
                    Json.requiredString(x, "type"), Json.bool(x, "durable", true), Json.bool(x, "auto_delete", false),
                    Json.bool(x, "internal", false), Json.object(x, "arguments")));
        }
        List<Definitions.Binding> bindings = new ArrayList<>();
        for (Map<String, Object> b : Json.objects(j, "bindings")) {
            bindings.add(new Definitions.Binding(vhostOf(b, intoVhost), Json.requiredString(b, "source"),
                    Json.requiredString(b, "destination"), Json.string(b, "destination_type", "queue"),
                    Json.string(b, "routing_key", ""), Json.object(b, "arguments")));
        }
        Map<String, String> globals = new LinkedHashMap<>();
        if (intoVhost == null) {
            for (Map<String, Object> g : Json.objects(j, "global_parameters")) {
                globals.put(Json.requiredString(g, "name"), Json.text(g.get("value")));
            }
        }
        return new Definitions(Json.string(j, "rabbit_version", ""), users, vhosts, permissions, policies, queues,
                exchanges, bindings, vhostLimits, globals);
    }

    /** Global parameters as RabbitMQ lists them: {@code [{"name": ..., "value": <JSON>}]}. */
    static List<Map<String, Object>> globalParameters(Map<String, String> json) {
        List<Map<String, Object>> out = new ArrayList<>();
        json.forEach((name, value) -> out.add(obj("name", name, "value", Json.parse(value))));
        return out;
    }

    /** Limits as definitions hold them: names to whole numbers. */
    static Map<String, Long> limits(Map<String, Object> json) {
        Map<String, Long> out = new LinkedHashMap<>();
        json.forEach((limit, value) -> {
            if (!(value instanceof Number n)) {
                throw ApiError.badRequest("limit " + limit + " should be a number, actually was " + value);
            }
            out.put(limit, n.longValue());
        });
        return out;
    }

    private static String vhostOf(Map<String, Object> m, String intoVhost) {
        return intoVhost != null ? intoVhost : Json.requiredString(m, "vhost");
    }

    /**
     * What RabbitMQ keeps as runtime parameters, as it lists them (exports, {@code /api/parameters}): vhost limits
     * (component {@code vhost-limits}, name {@code limits}) and operator policies ({@code operator_policy}), with
     * their vhost even in a vhost's export.
     */
    static List<Map<String, Object>> runtimeParameters(Map<String, Map<String, Long>> vhostLimits,
                                                       List<PolicyInfo> policies, String onlyVhost) {
        List<Map<String, Object>> parameters = new ArrayList<>();
        vhostLimits.forEach((vhost, limits) -> {
            if (onlyVhost == null || onlyVhost.equals(vhost)) {
                parameters.add(obj("value", limits, "vhost", vhost, "component", VHOST_LIMITS, "name", LIMITS));
            }
        });
        parameters.addAll(map(only(policies, PolicyInfo::vhost, onlyVhost).stream().filter(PolicyInfo::operator)
                .toList(), p -> obj("value", obj("pattern", p.pattern(), "definition", p.definition(), "priority",
                p.priority(), "apply-to", p.applyTo()), "vhost", p.vhost(), "component", OPERATOR_POLICY, "name",
                p.name())));
        return parameters;
    }

    private static <T> List<T> only(List<T> all, Function<T, String> vhost, String wanted) {
        return wanted == null ? all : all.stream().filter(t -> vhost.apply(t).equals(wanted)).toList();
    }

    private static Map<String, Object> vhostField(String onlyVhost, String vhost, Map<String, Object> m) {
        if (onlyVhost == null) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("vhost", vhost);
            out.putAll(m);
            return out;
        }
        return m;
    }

    private static <T> List<Map<String, Object>> map(List<T> items, Function<T, Map<String, Object>> f) {
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        for (T t : items) {
            out.add(f.apply(t));
        }
        return out;
    }

    private static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
