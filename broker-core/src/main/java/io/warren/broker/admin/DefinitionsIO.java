package io.warren.broker.admin;

import io.warren.broker.Broker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Exports and imports definitions in the shape of RabbitMQ's definitions file. Export leaves out what RabbitMQ
 * leaves out: the predeclared exchanges, exclusive queues and server-named ({@code amq.gen-}) queues, and the
 * default exchange's implicit bindings. Import merges, in dependency order (vhosts, users, permissions,
 * policies, exchanges, queues, bindings), and stops at the first invalid entry with an {@link AdminException}
 * naming it.
 */
final class DefinitionsIO {
    private static final Logger log = LoggerFactory.getLogger(DefinitionsIO.class);

    private DefinitionsIO() {
    }

    static Definitions export(BrokerAdmin admin, Broker broker) {
        List<Definitions.User> users = new ArrayList<>();
        for (UserInfo u : admin.users()) {
            users.add(new Definitions.User(u.name(), u.passwordHash(), UserInfo.HASHING_ALGORITHM, u.tags(),
                    broker.users().limits(u.name())));
        }
        List<Definitions.Vhost> vhosts = new ArrayList<>();
        for (VhostInfo v : admin.vhosts()) {
            vhosts.add(new Definitions.Vhost(v.name()));
        }
        List<Definitions.Queue> queues = new ArrayList<>();
        for (QueueInfo q : admin.queues(null)) {
            if (!q.exclusive() && !q.name().startsWith("amq.gen-")) {
                queues.add(new Definitions.Queue(q.vhost(), q.name(), q.durable(), q.autoDelete(), q.arguments()));
            }
        }
        List<Definitions.Exchange> exchanges = new ArrayList<>();
        for (ExchangeInfo x : admin.exchanges(null)) {
            if (!x.name().isEmpty() && !x.name().startsWith("amq.")) {
                exchanges.add(new Definitions.Exchange(x.vhost(), x.name(), x.type(), x.durable(), x.autoDelete(),
                        x.internal(), x.arguments()));
            }
        }
        List<Definitions.Binding> bindings = new ArrayList<>();
        for (BindingInfo b : admin.bindings(null)) {
            if (!b.source().isEmpty() && !b.destination().startsWith("amq.gen-")) {
                bindings.add(new Definitions.Binding(b.vhost(), b.source(), b.destination(), b.destinationType(),
                        b.routingKey(), b.arguments()));
            }
        }
        List<PolicyInfo> policies = new ArrayList<>(admin.policies(null, false));
        policies.addAll(admin.policies(null, true));
        return new Definitions(Broker.VERSION, users, vhosts, admin.permissions(), policies, queues, exchanges,
                bindings, admin.vhostLimits(), admin.globalParameters());
    }

    static void apply(BrokerAdmin admin, Definitions d) {
        d.globalParameters().forEach(admin::putGlobalParameter);
        for (Definitions.Vhost v : d.vhosts()) {
            admin.addVhost(v.name());
        }
        d.vhostLimits().forEach((vhost, limits) -> limits.forEach((limit, value) ->
                wrap("limit", limit, vhost, () -> admin.setVhostLimit(vhost, limit, value))));
        for (Definitions.User u : d.users()) {
            String algorithm = u.hashingAlgorithm();
            if (algorithm != null && !algorithm.equals(UserInfo.HASHING_ALGORITHM)) {
                log.warn("user '{}' has a {} password hash: Warren checks {} only, so it cannot log in with a "
                        + "password until one is set", u.name(), algorithm, UserInfo.HASHING_ALGORITHM);
            }
            admin.putUser(u.name(), null, u.passwordHash() == null ? "" : u.passwordHash(), u.tags());
            u.limits().forEach((limit, value) ->
                    wrap("limit", limit, "of user " + u.name(), () -> admin.setUserLimit(u.name(), limit, value)));
        }
        for (PermissionInfo p : d.permissions()) {
            admin.setPermission(p);
        }
        for (PolicyInfo p : d.policies()) { // before the queues and exchanges, which then start under them
            wrap(p.operator() ? "operator policy" : "policy", p.name(), p.vhost(), () -> admin.putPolicy(p.vhost(),
                    p.name(), p.pattern(), p.applyTo(), p.priority(), p.definition(), p.operator()));
        }
        for (Definitions.Exchange x : d.exchanges()) {
            wrap("exchange", x.name(), x.vhost(), () -> admin.declareExchange(x.vhost(), x.name(), x.type(),
                    x.durable(), x.autoDelete(), x.internal(), x.arguments()));
        }
        for (Definitions.Queue q : d.queues()) {
            wrap("queue", q.name(), q.vhost(), () -> admin.declareQueue(q.vhost(), q.name(), q.durable(),
                    q.autoDelete(), q.arguments()));
        }
        for (Definitions.Binding b : d.bindings()) {
            wrap("binding from", b.source(), b.vhost(), () -> admin.bind(b.vhost(), b.source(), b.destinationType(),
                    b.destination(), b.routingKey(), b.arguments()));
        }
    }

    private static void wrap(String what, String name, String vhost, Runnable r) {
        try {
            r.run();
        } catch (AdminException e) {
            throw new AdminException(e.kind() == AdminException.Kind.NOT_FOUND ? AdminException.Kind.BAD_REQUEST
                    : e.kind(), what + " '" + name + "' in vhost '" + vhost + "': " + e.getMessage());
        }
    }
}
