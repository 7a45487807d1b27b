package io.warren.broker.connection;

import io.netty.channel.Channel;
import io.warren.broker.Broker;
import io.warren.broker.BrokerConfig;
import io.warren.broker.net.ServerTls;
import io.warren.broker.security.Users;
import io.warren.broker.vhost.VirtualHost;
import io.warren.codec.AmqpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Function;

/**
 * A connection's login and what it is admitted to: the SASL mechanisms its connection.start offers (EXTERNAL only
 * with a client certificate), the user its start-ok authenticates as, the vhost its connection.open is let into
 * (permission, vhost and user connection limits) and the user's channel slots, with RabbitMQ's replies: 503 for a
 * mechanism that was not offered, 403 ACCESS_REFUSED for a refused login, 530 NOT_ALLOWED for a vhost or a limit.
 * Every slot taken here is given back through {@link #closed} and {@link #channelsClosed}. Event loop only.
 */
final class Login {
    private static final Logger log = LoggerFactory.getLogger(Login.class);

    private final BrokerConfig config;
    private final Users users;
    private final Function<String, VirtualHost> vhosts;
    private final Channel channel;
    private List<String> offered = List.of();
    private String user;

    Login(Broker broker, Channel channel) {
        this.config = broker.config();
        this.users = broker.users();
        this.vhosts = broker::vhost;
        this.channel = channel;
    }

    /** The mechanisms for connection.start, space-separated, in the configured order. */
    String offer() {
        offered = SaslMechanisms.offered(config.authMechanisms(), ServerTls.clientCertificate(channel) != null);
        return String.join(" ", offered);
    }

    /** The user {@code response} logs in as with {@code mechanism}; throws the refusal otherwise. */
    Users.User authenticate(String mechanism, String response, String connectionName) {
        if (!offered.contains(mechanism)) {
            throw AmqpException.commandInvalid("unknown authentication mechanism '%s'", mechanism);
        }
        String name;
        Users.User u;
        if (mechanism.equals(SaslMechanisms.EXTERNAL)) {
            X509Certificate cert = ServerTls.clientCertificate(channel);
            name = cert == null ? null : SaslMechanisms.certificateUser(cert, config.tls().certLoginFrom());
            u = name == null ? null : users.authenticateByCertificate(name, channel.remoteAddress());
        } else {
            SaslMechanisms.Credentials c = SaslMechanisms.parse(mechanism, response);
            name = c.user();
            u = name == null ? null : users.authenticate(name, c.password(), channel.remoteAddress());
        }
        if (u == null) {
            log.warn("login refused conn={} user='{}' mechanism={}", connectionName, name, mechanism);
            throw AmqpException.accessRefused("Login was refused using authentication mechanism %s. For details "
                    + "see the broker logfile.", mechanism);
        }
        user = u.name();
        return u;
    }

    /**
     * The vhost connection.open asks for, once the user may use it and neither the vhost's nor the user's
     * connection limit is reached; both slots are then taken until {@link #closed}.
     */
    VirtualHost open(String vhostName) {
        VirtualHost v = vhosts.apply(vhostName);
        if (v == null) {
            throw AmqpException.notAllowed("vhost %s not found", vhostName);
        }
        if (users.permission(user, v.name()) == null) {
            throw AmqpException.notAllowed("access to vhost '%s' refused for user '%s'", v.name(), user);
        }
        if (!v.tryOpenConnection()) {
            throw AmqpException.notAllowed("access to vhost '%s' refused for user '%s': connection limit (%d) is "
                    + "reached", v.name(), user, v.maxConnections());
        }
        if (!users.tryOpenConnection(user)) {
            v.connectionClosed();
            throw AmqpException.notAllowed("connection refused for user '%s': user connection limit (%d) is "
                    + "reached", user, users.limit(user, Users.MAX_CONNECTIONS));
        }
        return v;
    }

    /** The connection admitted to {@code v} by {@link #open} is gone: both its slots are given back. */
    void closed(VirtualHost v) {
        v.connectionClosed();
        users.connectionClosed(user);
    }

    /** Takes one of the user's channel slots, or refuses channel.open (530, closing the connection). */
    void openChannel() {
        if (!users.tryOpenChannel(user)) {
            throw AmqpException.notAllowed("number of channels opened for user '%s' has reached the maximum allowed "
                    + "user limit of (%d)", user, users.limit(user, Users.MAX_CHANNELS));
        }
    }

    void channelsClosed(int n) {
        users.channelsClosed(user, n);
    }
}
