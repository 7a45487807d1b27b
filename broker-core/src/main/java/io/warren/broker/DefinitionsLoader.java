package io.warren.broker;

import io.warren.broker.policy.InvalidPolicyException;
import io.warren.broker.policy.Policy;
import io.warren.broker.security.Users;
import io.warren.broker.vhost.DurableDefinitions;
import io.warren.broker.vhost.VirtualHost;
import io.warren.store.meta.BindingDef;
import io.warren.store.meta.ExchangeDef;
import io.warren.store.meta.MetadataStore;
import io.warren.store.meta.PermissionDef;
import io.warren.store.meta.PolicyDef;
import io.warren.store.meta.QueueDef;
import io.warren.store.meta.UserDef;
import io.warren.store.meta.VhostDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Rebuilds the broker's definitions from the metadata store at start: users, vhosts, permissions, then each
 * vhost's durable exchanges, queues (with their stored messages) and bindings. On a fresh data directory it
 * creates what RabbitMQ creates: vhost {@code /} and the default user with full permissions on it, unless a
 * definitions file is imported at boot.
 * Runs once, before the listener opens.
 */
final class DefinitionsLoader {
    private static final Logger log = LoggerFactory.getLogger(DefinitionsLoader.class);

    private final Broker broker;
    private final DurableDefinitions definitions;
    private final MetadataStore store;

    DefinitionsLoader(Broker broker, DurableDefinitions definitions) {
        this.broker = broker;
        this.definitions = definitions;
        this.store = definitions.store();
    }

    /**
     * Restores what the store holds; a fresh store gets the default vhost and user when {@code createDefaults}
     * (false when a definitions file is imported at boot: it says which vhosts and users exist, as in RabbitMQ).
     */
    void load(boolean createDefaults) {
        if (store.vhosts().isEmpty() && store.users().isEmpty()) {
            if (createDefaults) {
                createDefaults();
            }
            return;
        }
        Users users = broker.users();
        for (UserDef u : store.users()) {
            users.put(new Users.User(u.name(), u.passwordHash(), u.tags()));
            users.setLimits(u.name(), u.limits());
        }
        for (VhostDef v : store.vhosts()) {
            broker.vhostInMemory(v.name()).restoreLimits(v.limits());
        }
        for (PermissionDef p : store.permissions()) {
            users.setPermission(new Users.Permission(p.user(), p.vhost(), p.configure(), p.write(), p.read()));
        }
        for (PolicyDef p : store.policies()) { // first: exchanges and queues come back under them
            VirtualHost v = broker.vhost(p.vhost());
            if (v != null) {
                try {
                    v.restorePolicy(Policy.of(p.vhost(), p.name(), p.pattern(), p.applyTo(), p.priority(),
                            p.definition(), p.operator()));
                } catch (InvalidPolicyException e) {
                    log.warn("stored {}policy '{}' in vhost '{}' not restored: {}", p.operator() ? "operator " : "",
                            p.name(), p.vhost(), e.getMessage().strip());
                }
            }
        }
        int exchanges = 0;
        int queues = 0;
        int bindings = 0;
        for (ExchangeDef x : store.exchanges()) {
            VirtualHost v = broker.vhost(x.vhost());
            if (v != null && v.restoreExchange(x)) {
                exchanges++;
            }
        }
        for (QueueDef q : store.queues()) {
            VirtualHost v = broker.vhost(q.vhost());
            if (v != null) {
                v.restoreQueue(q);
                queues++;
            }
        }
        for (BindingDef b : store.bindings()) {
            VirtualHost v = broker.vhost(b.vhost());
            if (v != null && v.restoreBinding(b)) {
                bindings++;
            }
        }
        log.info("restored {} vhosts, {} users, {} exchanges, {} queues, {} bindings", broker.vhosts().size(),
                users.all().size(), exchanges, queues, bindings);
    }

    private void createDefaults() {
        BrokerConfig config = broker.config();
        String hash = Users.hash(config.defaultPass());
        broker.putUser(config.defaultUser(), hash, List.of("administrator"));
        broker.addVhost("/");
        broker.setPermission(new Users.Permission(config.defaultUser(), "/", ".*", ".*", ".*"))
                .join(); // the writes are ordered: once this one is done, all are
        log.info("created the default vhost '/' and user '{}'", config.defaultUser());
    }
}
