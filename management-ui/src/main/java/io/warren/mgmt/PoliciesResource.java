package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.PolicyInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import static io.warren.mgmt.Routes.Access.ADMINISTRATOR;
import static io.warren.mgmt.Routes.Access.MANAGEMENT;
import static io.warren.mgmt.Routes.Access.POLICYMAKER;

/**
 * Policies, as RabbitMQ's {@code rabbit_mgmt_wm_policies} and {@code rabbit_mgmt_wm_policy} serve them.
 * {@code GET /api/policies} and {@code /api/policies/{vhost}} list them for any management user, limited to the
 * vhosts the user may see ({@link Visibility}), by priority, then vhost and name. {@code GET/PUT/DELETE
 * /api/policies/{vhost}/{name}} need the {@code policymaker} tag and a permission in the vhost, or
 * {@code administrator}. PUT takes {@code pattern} and {@code definition} (both required, RabbitMQ's
 * {@code [{key_missing,...}]} naming every one missing), {@code apply-to} (default "all") and {@code priority}
 * (default 0), answers 201 or 204, and 400 with the broker's validation text; an unknown vhost is 404
 * {@code vhost_not_found} for PUT, the plain 404 otherwise. Operator policies are served alike under
 * {@code /api/operator-policies} ({@code rabbit_mgmt_wm_operator_policies}), where one policy needs the
 * {@code administrator} tag.
 */
final class PoliciesResource {
    /** RabbitMQ's default order: its {@code reply_list} sorts by priority, ties by the whole term. */
    private static final Comparator<PolicyInfo> ORDER = Comparator.comparingInt(PolicyInfo::priority)
            .thenComparing(PolicyInfo::vhost).thenComparing(PolicyInfo::name);
    private static final List<String> REQUIRED = List.of("pattern", "definition");

    private final BrokerAdmin admin;
    private final Visibility visibility;
    private final boolean operator;

    /** @param operator serve operator policies rather than policies */
    PoliciesResource(BrokerAdmin admin, boolean operator) {
        this.admin = admin;
        this.visibility = new Visibility(admin);
        this.operator = operator;
    }

    void register(Routes r) {
        String base = operator ? "/api/operator-policies" : "/api/policies";
        Routes.Access oneAccess = operator ? ADMINISTRATOR : POLICYMAKER;
        r.get(base, MANAGEMENT, c -> list(c, null));
        r.get(base + "/{vhost}", MANAGEMENT, c -> list(c, c.param("vhost")));
        String one = base + "/{vhost}/{name}";
        r.get(one, oneAccess, c -> Response.json(Formats.policy(admin.policy(c.param("vhost"), c.param("name"),
                operator))));
        r.put(one, oneAccess, this::put);
        r.delete(one, oneAccess, c -> {
            if (!admin.deletePolicy(c.param("vhost"), c.param("name"), operator)) {
                throw ApiError.notFound();
            }
            return Response.noContent();
        });
    }

    private Response list(Call c, String vhost) {
        List<PolicyInfo> policies = new ArrayList<>(visibility.inLoginVhosts(c.user(),
                admin.policies(vhost, operator), PolicyInfo::vhost));
        policies.sort(ORDER);
        List<Map<String, Object>> out = new ArrayList<>(policies.size());
        for (PolicyInfo p : policies) {
            out.add(Formats.policy(p));
        }
        return Response.json(ListQuery.apply(c, out));
    }

    private Response put(Call c) {
        String vhost = c.param("vhost");
        if (!admin.vhostExists(vhost)) {
            throw new ApiError(404, "not_found", "vhost_not_found");
        }
        Map<String, Object> body = c.body();
        StringJoiner missing = new StringJoiner(",", "[", "]").setEmptyValue("");
        for (String key : REQUIRED) {
            if (body.get(key) == null) {
                missing.add("{key_missing," + key + "}");
            }
        }
        if (missing.length() > 0) {
            throw ApiError.badRequest(missing.toString());
        }
        // priority goes as it came, so that the broker reports a non-number in RabbitMQ's words
        boolean created = admin.putPolicy(vhost, c.param("name"), Json.requiredString(body, "pattern"),
                Json.string(body, "apply-to", null), body.get("priority"), Json.object(body, "definition"), operator);
        return Response.createdOrNot(created);
    }
}
