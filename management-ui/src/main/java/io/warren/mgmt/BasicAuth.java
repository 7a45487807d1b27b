package io.warren.mgmt;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.UserInfo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * HTTP basic authentication against the broker's users, with RabbitMQ's tag rules: the API needs one of the
 * management tags, one policy (read, set, delete) needs {@code policymaker} or {@code administrator}, user
 * and definition administration needs {@code administrator}. {@code guest} is accepted from loopback only, as for
 * AMQP. A logged-in user refused for lack of a tag or of access to a vhost gets 401 {@code not_authorised}, as in
 * RabbitMQ.
 *
 * <p>A 401 carries {@code WWW-Authenticate} so that HTTP clients know to send credentials, except for requests
 * marked {@code X-Requested-With: XMLHttpRequest} (the web UI), where it would pop up the browser's own login
 * dialog over the UI's form. Stateless; thread-safe.
 */
final class BasicAuth {
    private static final Set<String> MANAGEMENT_TAGS = Set.of("management", "policymaker", "monitoring",
            "administrator");

    private final BrokerAdmin admin;
    private final Visibility visibility;

    BasicAuth(BrokerAdmin admin) {
        this.admin = admin;
        this.visibility = new Visibility(admin);
    }

    /**
     * For a route whose path names a vhost: 401 unless the user may see it ({@link Visibility#requireVhost}),
     * with RabbitMQ's reason: policy routes refuse the object, the others the vhost.
     */
    void requireVhost(UserInfo user, String vhost, Routes.Access access) {
        visibility.requireVhost(user, vhost, access == Routes.Access.POLICYMAKER ? Visibility.OBJECT_REFUSED
                : Visibility.VHOST_REFUSED);
    }

    UserInfo authenticate(Request req, Routes.Access access) {
        boolean challenge = !"XMLHttpRequest".equals(req.headers().get("X-Requested-With"));
        String header = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw ApiError.unauthorized("Not_Authorized", challenge);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.unauthorized("Not_Authorized", challenge);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw ApiError.unauthorized("Not_Authorized", challenge);
        }
        UserInfo user = admin.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1), req.remote());
        if (user == null) {
            throw ApiError.unauthorized("Login failed", challenge);
        }
        List<String> tags = user.tags();
        if (tags.stream().noneMatch(MANAGEMENT_TAGS::contains)) {
            throw ApiError.notAuthorised("Not management user");
        }
        if (access == Routes.Access.POLICYMAKER && !tags.contains("policymaker") && !tags.contains("administrator")) {
            throw ApiError.notAuthorised(Visibility.OBJECT_REFUSED);
        }
        if (access == Routes.Access.ADMINISTRATOR && !tags.contains("administrator")) {
            throw ApiError.notAuthorised("Not administrator user");
        }
        return user;
    }
}
